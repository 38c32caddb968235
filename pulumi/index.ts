// Entry point of the Pulumi program (Pulumi.yaml `main: build/pulumi/index.js`); see program.ts.
import { runProgram } from './program';

const outputs = runProgram();
export const phase = outputs.phase;
export const nodeIps = outputs.nodeIps;
export const providerIds = outputs.providerIds;
export const kubeKeyConfig = outputs.kubeKeyConfig;
export const kubernetesResources = outputs.kubernetesResources;
