// Validates rendered Kubernetes manifests (YAML on standard input, as `kubectl kustomize`
// prints them) against the Kubernetes API's schemas, through the typed models of the npm
// package kubernetes-models. Exits non-zero naming the first object that does not validate, or
// when a kind has no model here (add it to MODELS) or the input holds no object.
import { parseAllDocuments } from 'yaml';
import { readFileSync } from 'node:fs';

const MODELS = {
  'v1/Namespace': 'kubernetes-models/v1/Namespace',
  'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap',
  'v1/Service': 'kubernetes-models/v1/Service',
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment',
  'apps/v1/DaemonSet': 'kubernetes-models/apps/v1/DaemonSet',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/policy/v1/PodDisruptionBudget',
};

const documents = parseAllDocuments(readFileSync(0, 'utf8'));
let checked = 0;
for (const document of documents) {
  if (document.errors.length > 0) {
    throw new Error(`not YAML: ${document.errors[0].message}`);
  }
  const object = document.toJS();
  if (object === null) continue;
  const type = `${object.apiVersion}/${object.kind}`;
  const path = MODELS[type];
  if (!path) throw new Error(`no schema for ${type} (${object.metadata?.name})`);
  const Model = Object.values(await import(path))[0];
  try {
    new Model(object).validate();
  } catch (e) {
    throw new Error(`${type} ${object.metadata?.name} does not validate: ${e.message}`);
  }
  checked += 1;
  console.log(`valid: ${type} ${object.metadata?.name}`);
}
if (checked === 0) throw new Error('no Kubernetes object in the input');
