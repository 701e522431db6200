// The adversarial corpus under the default runtime (runc); see hostile-corpus.ts.

import { TEST_RUNTIME } from "../src/testing/helpers.ts";
import { hostileCorpus } from "./hostile-corpus.ts";

hostileCorpus(TEST_RUNTIME);
