// The Kubernetes manifests in infra/k8s, checked without a cluster or a network: each object
// against the Kubernetes API schemas (kubernetes-models), and against each other and the apps —
// selectors that select, ports that exist, every referenced ConfigMap/Secret key and volume
// defined, every environment variable one the api or the worker reads (and parses).
import fs from "node:fs";
import path from "node:path";
import { API_ENV_NAMES, loadConfig as loadApiConfig } from "@bsod/api/config";
import { ROOT } from "@bsod/testkit";
import { loadConfig as loadWorkerConfig, WORKER_ENV_NAMES } from "@bsod/worker/config";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

const DIR = path.join(ROOT, "infra/k8s");

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: any;
}

const objects: Array<{ file: string; obj: K8sObject }> = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .flatMap((file) =>
    parseAllDocuments(fs.readFileSync(path.join(DIR, file), "utf8")).map((doc) => {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]?.message}`);
      return { file, obj: doc.toJS() as K8sObject };
    }),
  );

const ofKind = (kind: string) => objects.filter((o) => o.obj.kind === kind).map((o) => o.obj);
const byName = (kind: string, name: string) => ofKind(kind).find((o) => o.metadata.name === name);
const podSpecs = () => ofKind("Deployment").map((d) => ({ name: d.metadata.name, spec: d.spec.template.spec }));

/** The model class of an object: kubernetes-models/<group>/<version>, exported by kind. */
async function modelOf(obj: K8sObject): Promise<new (data: unknown) => { validate(): void }> {
  const mod = await import(`kubernetes-models/${obj.apiVersion}`);
  const model = mod[obj.kind];
  if (!model) throw new Error(`no schema for ${obj.apiVersion} ${obj.kind}`);
  return model;
}

describe("Kubernetes manifests", () => {
  it("describe the api (Deployment, Service, Ingress, volume) and the workers", () => {
    expect(objects.map((o) => `${o.obj.kind}/${o.obj.metadata.name}`).sort()).toEqual(
      [
        "ConfigMap/bsod-config",
        "Deployment/bsod-api",
        "Deployment/bsod-worker",
        "Ingress/bsod",
        "Namespace/bsod",
        "PersistentVolumeClaim/bsod-data",
        "Secret/bsod-secrets",
        "Service/bsod-api",
      ].sort(),
    );
  });

  for (const { file, obj } of objects) {
    it(`${file}: ${obj.kind} ${obj.metadata.name} is valid against the Kubernetes schema`, async () => {
      const Model = await modelOf(obj);
      expect(() => new Model(obj).validate()).not.toThrow();
      if (obj.kind !== "Namespace") expect(obj.metadata.namespace).toBe("bsod");
    });
  }

  it("rejects a manifest the schema does not allow (the check can fail)", async () => {
    const api = structuredClone(byName("Deployment", "bsod-api")!);
    api.spec.template.spec.containers[0].ports[0].containerPort = "8080";
    const Model = await modelOf(api);
    expect(() => new Model(api).validate()).toThrow(/containerPort must be integer/);
  });

  it("has Services and an Ingress that reach a Deployment's named port", () => {
    for (const svc of ofKind("Service")) {
      const selected = ofKind("Deployment").filter((d) =>
        Object.entries(svc.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
      );
      expect(
        selected.map((d) => d.metadata.name),
        svc.metadata.name,
      ).toHaveLength(1);
      const ports = selected[0]!.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []);
      for (const p of svc.spec.ports) expect(ports.map((x: any) => x.name)).toContain(p.targetPort);
    }
    for (const ing of ofKind("Ingress")) {
      for (const rule of ing.spec.rules) {
        for (const p of rule.http.paths) {
          const svc = byName("Service", p.backend.service.name);
          expect(svc, p.backend.service.name).toBeDefined();
          expect(svc!.spec.ports.map((x: any) => x.name)).toContain(p.backend.service.port.name);
        }
      }
    }
    for (const d of ofKind("Deployment")) {
      expect(d.spec.template.metadata.labels).toMatchObject(d.spec.selector.matchLabels);
    }
  });

  it("defines every ConfigMap and Secret key, and every volume claim, that a pod refers to", () => {
    for (const { name, spec } of podSpecs()) {
      for (const c of spec.containers) {
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
          if (!ref) continue;
          const source = byName(e.valueFrom.secretKeyRef ? "Secret" : "ConfigMap", ref.name);
          expect(source, `${name}: ${ref.name}`).toBeDefined();
          expect(Object.keys(source!.data ?? source!.stringData ?? {}), `${name}: ${ref.name}`).toContain(ref.key);
        }
        const volumes = (spec.volumes ?? []).map((v: any) => v.name);
        for (const m of c.volumeMounts ?? []) expect(volumes, name).toContain(m.name);
      }
      for (const v of spec.volumes ?? []) {
        if (v.persistentVolumeClaim)
          expect(byName("PersistentVolumeClaim", v.persistentVolumeClaim.claimName)).toBeDefined();
      }
    }
  });

  it("sets only environment variables the apps read, with values their config accepts", () => {
    const values = (container: any): Record<string, string> => {
      const env: Record<string, string> = {};
      for (const e of container.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
        const source = ref && byName(e.valueFrom.secretKeyRef ? "Secret" : "ConfigMap", ref.name);
        env[e.name] = e.value ?? (source ? (source.data ?? source.stringData)[ref.key] : "pod-name-1");
      }
      return env;
    };
    const api = values(byName("Deployment", "bsod-api")!.spec.template.spec.containers[0]);
    const worker = values(byName("Deployment", "bsod-worker")!.spec.template.spec.containers[0]);
    expect(Object.keys(api).filter((k) => !API_ENV_NAMES.includes(k))).toEqual([]);
    expect(Object.keys(worker).filter((k) => !WORKER_ENV_NAMES.includes(k))).toEqual([]);
    const apiConfig = loadApiConfig(api);
    expect(apiConfig.database.kind).toBe("postgres");
    expect(apiConfig).toMatchObject({ demo: false, trustedProxies: ["10.0.0.0/8"], dataDir: "/data", port: 8080 });
    expect(loadWorkerConfig(worker)).toMatchObject({ concurrency: 2, workerId: "pod-name-1" });
    // The worker never gets the database, and no container gets the Docker socket but the worker.
    expect(worker.DATABASE_URL).toBeUndefined();
    const socketHolders = podSpecs().filter(({ spec }) =>
      (spec.volumes ?? []).some((v: any) => v.hostPath?.path === "/var/run/docker.sock"),
    );
    expect(socketHolders.map((p) => p.name)).toEqual(["bsod-worker"]);
  });

  it("probes the api where it answers, and runs every container without root or privileges", () => {
    const api = byName("Deployment", "bsod-api")!.spec.template.spec.containers[0];
    expect([api.readinessProbe.httpGet.path, api.livenessProbe.httpGet.path]).toEqual(["/readyz", "/healthz"]);
    for (const { name, spec } of podSpecs()) {
      expect(spec.securityContext?.runAsNonRoot, name).toBe(true);
      for (const c of spec.containers) {
        expect(c.securityContext, name).toMatchObject({
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["ALL"] },
        });
        expect(c.securityContext.privileged ?? false, name).toBe(false);
      }
    }
  });
});
