// A small, isolated binding of the Pulumi vSphere provider (4.17.0); replaceable by @pulumi/vsphere.
export * from './provider';
export * from './virtual-machine';
export * from './data-sources';
