// The adversarial corpus under gVisor (SANDBOX_RUNTIME=runsc, registered with the engine by
// infra/scripts/prereqs.sh): the same programs, the same verdicts.
import { hostileCorpus } from "./hostile-corpus.ts";

hostileCorpus("runsc");
