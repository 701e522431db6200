// The adversarial corpus in the vm runtime: the same programs, run as root in a guest machine
// booted by qemu inside the sandbox container (software emulation where KVM does not boot
// guests, as on CI), with the guest-level variant where a check differs by nature (see
// hostile-corpus.ts). Guests boot side by side under emulation: give each case room.
import { vi } from "vitest";
import { hostileCorpus } from "./hostile-corpus.ts";

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000, maxConcurrency: 4 });

hostileCorpus("vm");
