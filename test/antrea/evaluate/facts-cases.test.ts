import { PolicyEvaluator, WorkloadModel, WorkloadPod } from '../../../lib/antrea/evaluate';
import { validateManifests, formatProblems, ManifestObject } from '../../../lib/core/validation';
import {
  acnp,
  annp,
  Check,
  clusterGroup,
  extended,
  group,
  ip,
  KNP_DD,
  knp,
  label,
  Obj,
  pn,
  PROTOCOLS,
  query,
  sel,
  service,
  tcp,
  tier,
  xyz,
} from './fixture';

/**
 * Every test case of ../shared/reference/facts/policy-semantics.md §7.5 (Antrea v2.7.0 e2e tables, cases 1-41, and the
 * derived stage cases 42-47), one jest test per (case, step, connection). Each test checks the action and that the
 * summary names the deciding rule, K8s isolation or the default.
 */

interface Step {
  readonly step: string;
  readonly objects: Obj[];
  readonly model?: WorkloadModel;
  readonly checks: Check[];
}

interface Case {
  readonly id: number;
  readonly source: string;
  readonly steps: Step[];
}

const SELF = 'same Pod';
const DEFAULT = 'allowed by default';
const iso = (ns: string, name = 'default-deny-namespace'): string => `isolation (${ns}/${name})`;

const ALL_NS = { namespaceSelector: {} };

// case 7's rule, also the IPv6 variant (::/0) of the e2e test
const dropAllExceptXaXb = acnp('acnp-deny-ya-to-all-except-xa-xb', 1, {
  appliedTo: [pn('a', 'y')],
  egress: [
    {
      action: 'Drop',
      ports: [tcp(80)],
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [`${ip('x/a')}/32`, `${ip('x/b')}/32`] } }, { ipBlock: { cidr: '::/0' } }],
    },
  ],
});

// cases 15/16
const prio1 = (tierName?: string, priority = 1.001): Obj =>
  acnp('acnp-priority1', priority, {
    ...(tierName ? { tier: tierName } : {}),
    appliedTo: [pn('a', 'x')],
    ingress: [{ action: 'Drop', ports: [tcp(80)], from: [pn('b', 'z')] }],
  });
const prio2 = (tierName?: string, priority = 1.002): Obj =>
  acnp('acnp-priority2', priority, {
    ...(tierName ? { tier: tierName } : {}),
    appliedTo: [pn('a', 'x')],
    ingress: [{ action: 'Allow', ports: [tcp(80)], from: [pn(undefined, 'z')] }],
  });
const prio3 = (tierName?: string, priority = 1.003): Obj =>
  acnp('acnp-priority3', priority, {
    ...(tierName ? { tier: tierName } : {}),
    appliedTo: [pn(undefined, 'x')],
    ingress: [{ action: 'Drop', ports: [tcp(80)], from: [pn(undefined, 'z')] }],
  });
const overrideChecks: Check[] = [
  ['z/a', 'x/a', 80, 'Allow', 'acnp-priority2 ingress[0]'],
  ['z/a', 'x/b', 80, 'Drop', 'acnp-priority3 ingress[0]'],
  ['z/b', 'x/a', 80, 'Drop', 'acnp-priority1 ingress[0]'],
  ['y/a', 'x/a', 80, 'Allow', DEFAULT],
];

// cases 30/31
const svc1 = service('x', 'svc1', { app: 'a' }, [{ port: 80, protocol: 'TCP', targetPort: 80 }]);
const svc2 = service('y', 'svc2', { app: 'b' }, [{ port: 80, protocol: 'TCP', targetPort: 80 }]);
const nested = [
  svc1,
  clusterGroup('cg-svc-x-a', { serviceReference: { name: 'svc1', namespace: 'x' } }),
  clusterGroup('cg-nested', { childGroups: ['cg-svc-x-a', 'cg-select-y-c'] }),
  acnp('acnp-nested-cg-ingress', 1, {
    appliedTo: [pn(undefined, 'z')],
    ingress: [{ action: 'Drop', ports: [tcp(80)], from: [{ group: 'cg-nested' }] }],
  }),
];

// cases 26/27
const strictByLabels = (labels: string[]): Obj =>
  acnp('acnp-strict-ns-isolation-by-labels', 1, {
    tier: 'securityops',
    appliedTo: [ALL_NS],
    ingress: [
      { action: 'Pass', from: [{ namespaces: { sameLabels: labels } }] },
      { action: 'Drop', name: 'drop-all' },
    ],
  });

// case 34, 36, 39, 41, 46: extra Pods
const saPods: WorkloadPod[] = [
  { namespace: 'x', name: 'client-sa', labels: { app: 'client' }, ip: '10.10.1.20', node: 'worker-1', serviceAccountName: 'test-sa' },
  { namespace: 'x', name: 'client-default', labels: { app: 'client' }, ip: '10.10.1.21', node: 'worker-1' },
  { namespace: 'y', name: 'server', labels: { 'antrea-e2e': 'server' }, ip: '10.10.2.20', node: 'worker-2', ports: [{ port: 80 }] },
];
const hostClient: WorkloadPod = {
  namespace: 'kube-system',
  name: 'host-client',
  labels: { app: 'host-client' },
  node: 'control-plane',
  hostNetwork: true,
  ip: '192.168.0.10',
};
const namedPortPods: WorkloadPod[] = [
  { namespace: 'np', name: 'server0', labels: { app: 'server' }, ip: '10.10.9.1', node: 'worker-1', ports: [{ name: 'http', port: 80 }] },
  { namespace: 'np', name: 'server1', labels: { app: 'server' }, ip: '10.10.9.2', node: 'worker-1', ports: [{ name: 'http', port: 8080 }] },
  { namespace: 'np', name: 'client0', labels: { app: 'client0' }, ip: '10.10.9.3', node: 'worker-1' },
  { namespace: 'np', name: 'client1', labels: { app: 'client1' }, ip: '10.10.9.4', node: 'worker-1' },
];
const webPods: WorkloadPod[] = [
  { namespace: 'web', name: 'server', labels: { app: 'web' }, ip: '10.10.8.1', node: 'worker-1', ports: [{ port: 80 }] },
  { namespace: 'web', name: 'dev-client', labels: { role: 'dev', app: 'client' }, ip: '10.10.8.2', node: 'worker-1' },
];

const CASES: Case[] = [
  {
    id: 1,
    source: 'testACNPAllowXBtoA',
    steps: [
      {
        step: 'KNP-DD + acnp-allow-xb-to-a',
        objects: [
          ...KNP_DD,
          acnp('acnp-allow-xb-to-a', 1, { appliedTo: [pn('a')], ingress: [{ action: 'Allow', ports: [tcp(80)], from: [pn('b', 'x')] }] }),
        ],
        checks: [
          ['x/b', 'y/a', 80, 'Allow', 'acnp-allow-xb-to-a ingress[0]'],
          ['x/c', 'y/a', 80, 'Drop', iso('y')],
          ['y/b', 'y/b', 80, 'Allow', SELF],
        ],
      },
    ],
  },
  {
    id: 2,
    source: 'testACNPAllowXBtoYA (named port)',
    steps: [
      {
        step: 'KNP-DD + acnp-allow-xb-to-ya',
        objects: [
          ...KNP_DD,
          acnp('acnp-allow-xb-to-ya', 2, {
            appliedTo: [pn('a', 'y')],
            ingress: [{ action: 'Allow', ports: [{ protocol: 'TCP', port: 'serve-81' }], from: [pn('b', 'x')] }],
          }),
        ],
        checks: [
          ['x/b', 'y/a', 81, 'Allow', 'acnp-allow-xb-to-ya ingress[0]'],
          ['x/b', 'z/a', 81, 'Drop', iso('z')],
          ['x/b', 'y/a', 80, 'Drop', iso('y')],
          ['x/b', 'y/a', { port: 'serve-81' }, 'Allow', 'acnp-allow-xb-to-ya ingress[0]'],
        ],
      },
    ],
  },
  {
    id: 3,
    source: 'testACNPPriorityOverrideDefaultDeny',
    steps: [
      {
        step: 'KNP-DD + acnp-priority2 + acnp-priority1',
        objects: [
          ...KNP_DD,
          acnp('acnp-priority2', 2, {
            appliedTo: [pn(undefined, 'x')],
            ingress: [{ action: 'Allow', ports: [tcp(80)], from: [pn(undefined, 'z')] }],
          }),
          acnp('acnp-priority1', 1, {
            appliedTo: [pn('a', 'x')],
            ingress: [{ action: 'Drop', ports: [tcp(80)], from: [pn(undefined, 'z')] }],
          }),
        ],
        checks: [
          ['y/a', 'x/a', 80, 'Drop', iso('x')],
          ['z/b', 'x/a', 80, 'Drop', 'acnp-priority1 ingress[0]'],
          ['z/b', 'x/b', 80, 'Allow', 'acnp-priority2 ingress[0]'],
        ],
      },
    ],
  },
  {
    id: 4,
    source: 'testACNPAllowNoDefaultIsolation',
    steps: PROTOCOLS.map((protocol) => ({
      step: protocol,
      objects: [
        acnp('acnp-allow-x-ingress-y-egress-z', 1.1, {
          appliedTo: [pn(undefined, 'x')],
          ingress: [{ action: 'Allow', ports: [{ protocol, port: 81 }], from: [pn(undefined, 'y')] }],
          egress: [{ action: 'Allow', ports: [{ protocol, port: 81 }], to: [pn(undefined, 'z')] }],
        }),
      ],
      checks: [
        ['z/a', 'x/a', { protocol, port: 81 }, 'Allow', DEFAULT],
        ['x/a', 'y/a', { protocol, port: 81 }, 'Allow', DEFAULT],
        ['y/a', 'x/a', { protocol, port: 81 }, 'Allow', 'acnp-allow-x-ingress-y-egress-z ingress[0]'],
        ['x/a', 'z/b', { protocol, port: 81 }, 'Allow', 'acnp-allow-x-ingress-y-egress-z egress[0]'],
      ] as Check[],
    })),
  },
  {
    id: 5,
    source: 'testACNPDropEgress',
    steps: PROTOCOLS.map((protocol) => ({
      step: protocol,
      objects: [
        acnp('acnp-deny-a-to-z-egress', 1, {
          appliedTo: [pn('a')],
          egress: [{ action: 'Drop', ports: [{ protocol, port: 80 }], to: [pn(undefined, 'z')] }],
        }),
      ],
      checks: [
        ['x/a', 'z/c', { protocol, port: 80 }, 'Drop', 'acnp-deny-a-to-z-egress egress[0]'],
        ['z/a', 'z/b', { protocol, port: 80 }, 'Drop', 'acnp-deny-a-to-z-egress egress[0]'],
        ['z/a', 'z/a', { protocol, port: 80 }, 'Allow', SELF],
        ['x/b', 'z/a', { protocol, port: 80 }, 'Allow', DEFAULT],
      ] as Check[],
    })),
  },
  {
    id: 6,
    source: 'testACNPDropIngressInSelectedNamespace',
    steps: [
      {
        step: 'ingress Drop TCP80 without from',
        objects: [
          acnp('acnp-deny-ingress-to-x', 1, {
            appliedTo: [pn(undefined, 'x')],
            ingress: [{ action: 'Drop', ports: [tcp(80)], name: 'drop-all-ingress' }],
          }),
        ],
        checks: [
          ['y/c', 'x/b', 80, 'Drop', 'acnp-deny-ingress-to-x ingress[0] "drop-all-ingress"'],
          ['x/a', 'x/b', 80, 'Drop', 'acnp-deny-ingress-to-x ingress[0]'],
          ['x/b', 'x/b', 80, 'Allow', SELF],
          ['x/a', 'y/b', 80, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 7,
    source: 'testACNPDropIPBlockWithExcept',
    steps: [
      {
        step: 'step 1: Drop to 0.0.0.0/0 except x/a, x/b (and ::/0)',
        objects: [dropAllExceptXaXb],
        checks: [
          ['y/a', 'x/a', 80, 'Allow', DEFAULT],
          ['y/a', 'x/c', 80, 'Drop', 'acnp-deny-ya-to-all-except-xa-xb egress[0]'],
          ['y/a', 'z/b', 80, 'Drop', 'acnp-deny-ya-to-all-except-xa-xb egress[0]'],
          ['y/a', { ip: '2001:db8::1' }, 80, 'Drop', 'acnp-deny-ya-to-all-except-xa-xb egress[0]'],
        ],
      },
      {
        step: 'step 2: + A@2 Drop to x/a',
        objects: [
          dropAllExceptXaXb,
          acnp('acnp-deny-ya-to-xa', 2, { appliedTo: [pn('a', 'y')], egress: [{ action: 'Drop', ports: [tcp(80)], to: [pn('a', 'x')] }] }),
        ],
        checks: [
          ['y/a', 'x/a', 80, 'Drop', 'acnp-deny-ya-to-xa egress[0]'],
          ['y/a', 'x/b', 80, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 8,
    source: 'testACNPNoEffectOnOtherProtocols',
    steps: [
      {
        step: 'ingress Drop TCP80 from z',
        objects: [
          acnp('acnp-deny-z-to-a-tcp', 1, {
            appliedTo: [pn('a')],
            ingress: [{ action: 'Drop', ports: [tcp(80)], from: [pn(undefined, 'z')] }],
          }),
        ],
        checks: [
          ['z/b', 'x/a', 80, 'Drop', 'acnp-deny-z-to-a-tcp ingress[0]'],
          ['z/b', 'x/a', { protocol: 'UDP', port: 80 }, 'Allow', DEFAULT],
          ['z/b', 'z/a', 80, 'Drop', 'acnp-deny-z-to-a-tcp ingress[0]'],
          ['z/a', 'z/a', 80, 'Allow', SELF],
        ],
      },
    ],
  },
  {
    id: 9,
    source: 'testACNPPortRange',
    steps: [
      {
        step: 'egress Drop TCP 8080-8082 to z',
        objects: [
          acnp('acnp-deny-a-to-z-egress-port-range', 1, {
            appliedTo: [pn('a')],
            egress: [{ action: 'Drop', ports: [tcp(8080, 8082)], to: [pn(undefined, 'z')] }],
          }),
        ],
        checks: [
          ['x/a', 'z/b', 8080, 'Drop', 'acnp-deny-a-to-z-egress-port-range egress[0]'],
          ['x/a', 'z/b', 8081, 'Drop', 'acnp-deny-a-to-z-egress-port-range egress[0]'],
          ['x/a', 'z/b', 8082, 'Drop', 'acnp-deny-a-to-z-egress-port-range egress[0]'],
          ['x/a', 'z/b', 8083, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 10,
    source: 'testACNPSourcePort',
    steps: [
      {
        step: 'step 1: sourcePort 32768-60999',
        objects: [
          acnp('acnp-source-port', 1, {
            appliedTo: [pn('a')],
            ingress: [{ action: 'Drop', ports: [{ protocol: 'TCP', sourcePort: 32768, sourceEndPort: 60999 }], from: [pn('b', 'x')] }],
          }),
        ],
        checks: [
          ['x/b', 'y/a', { port: 80, sourcePort: 40000 }, 'Drop', 'acnp-source-port ingress[0]'],
          ['x/b', 'y/a', { port: 80, sourcePort: 1000 }, 'Allow', DEFAULT],
          ['x/b', 'y/a', { port: 80 }, 'undecidable', 'source port'],
        ],
      },
      {
        step: 'step 2: + port 80',
        objects: [
          acnp('acnp-source-port', 1, {
            appliedTo: [pn('a')],
            ingress: [
              { action: 'Drop', ports: [{ protocol: 'TCP', port: 80, sourcePort: 32768, sourceEndPort: 60999 }], from: [pn('b', 'x')] },
            ],
          }),
        ],
        checks: [
          ['x/b', 'y/a', { port: 80, sourcePort: 40000 }, 'Drop', 'acnp-source-port ingress[0]'],
          ['x/b', 'y/a', { port: 81, sourcePort: 40000 }, 'Allow', DEFAULT],
          ['x/b', 'y/a', { port: 80, sourcePort: 1000 }, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 11,
    source: 'testACNPRejectEgress',
    steps: [
      {
        step: 'egress Reject TCP80 to z',
        objects: [
          acnp('acnp-reject-a-to-z-egress', 1, {
            appliedTo: [pn('a')],
            egress: [{ action: 'Reject', ports: [tcp(80)], to: [pn(undefined, 'z')] }],
          }),
        ],
        checks: [
          ['x/a', 'z/a', 80, 'Reject', 'acnp-reject-a-to-z-egress egress[0]'],
          ['x/b', 'z/a', 80, 'Allow', DEFAULT],
          ['z/a', 'z/b', 80, 'Reject', 'acnp-reject-a-to-z-egress egress[0]'],
        ],
      },
    ],
  },
  {
    id: 12,
    source: 'testACNPRejectIngress',
    steps: (['TCP', 'UDP'] as const).map((protocol) => ({
      step: protocol,
      objects: [
        acnp('acnp-reject-z-to-a-ingress', 1, {
          appliedTo: [pn('a')],
          ingress: [{ action: 'Reject', ports: [{ protocol, port: 80 }], from: [pn(undefined, 'z')] }],
        }),
      ],
      checks: [
        ['z/b', 'x/a', { protocol, port: 80 }, 'Reject', 'acnp-reject-z-to-a-ingress ingress[0]'],
        ['z/c', 'z/a', { protocol, port: 80 }, 'Reject', 'acnp-reject-z-to-a-ingress ingress[0]'],
        ['z/a', 'z/a', { protocol, port: 80 }, 'Allow', SELF],
      ] as Check[],
    })),
  },
  {
    id: 13,
    source: 'testBaselineNamespaceIsolation step 1',
    steps: [
      {
        step: 'baseline Drop from ns NotIn [x]',
        objects: [baselineIsolateX()],
        checks: [
          ['y/a', 'x/a', 80, 'Drop', 'acnp-baseline-isolate-ns-x ingress[0], tier baseline'],
          ['x/b', 'x/a', 80, 'Allow', DEFAULT],
          ['z/b', 'y/b', 80, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 14,
    source: 'testBaselineNamespaceIsolation step 2',
    steps: [
      {
        step: '+ K8s NP x/allow-y-a-to-x-a',
        objects: [
          baselineIsolateX(),
          knp('x', 'allow-y-a-to-x-a', {
            podSelector: sel({ pod: 'a' }),
            policyTypes: ['Ingress'],
            ingress: [{ ports: [tcp(80)], from: [pn('a', 'y')] }],
          }),
        ],
        checks: [
          ['y/a', 'x/a', 80, 'Allow', 'K8sNetworkPolicy x/allow-y-a-to-x-a ingress[0]'],
          ['y/b', 'x/a', 80, 'Drop', iso('x', 'allow-y-a-to-x-a')],
          ['x/b', 'x/a', 80, 'Drop', iso('x', 'allow-y-a-to-x-a')],
          ['y/a', 'x/b', 80, 'Drop', 'acnp-baseline-isolate-ns-x ingress[0], tier baseline'],
          ['z/b', 'y/b', 80, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 15,
    source: 'testACNPPriorityOverride',
    steps: [
      { step: 'priorities 1.001, 1.002, 1.003', objects: [prio1(), prio2(), prio3()], checks: overrideChecks },
      {
        step: 'only priority2 and priority3',
        objects: [prio2(), prio3()],
        checks: [['z/b', 'x/a', 80, 'Allow', 'acnp-priority2 ingress[0]']],
      },
    ],
  },
  {
    id: 16,
    source: 'testACNPTierOverride',
    steps: [
      {
        step: 'emergency@100, securityops@10, application@1',
        objects: [prio1('emergency', 100), prio2('securityops', 10), prio3('application', 1)],
        checks: overrideChecks,
      },
    ],
  },
  {
    id: 17,
    source: 'testACNPCustomTiers',
    steps: [
      {
        step: 'high-priority=245, low-priority=246',
        objects: [
          tier('high-priority', 245),
          tier('low-priority', 246),
          acnp('acnp-tier-high', 100, {
            tier: 'high-priority',
            appliedTo: [pn('a', 'x')],
            ingress: [{ action: 'Allow', ports: [tcp(80)], from: [pn(undefined, 'z')] }],
          }),
          acnp('acnp-tier-low', 1, {
            tier: 'low-priority',
            appliedTo: [pn(undefined, 'x')],
            ingress: [{ action: 'Drop', ports: [tcp(80)], from: [pn(undefined, 'z')] }],
          }),
        ],
        checks: [
          ['z/b', 'x/a', 80, 'Allow', 'acnp-tier-high ingress[0], tier high-priority'],
          ['z/b', 'x/b', 80, 'Drop', 'acnp-tier-low ingress[0], tier low-priority'],
        ],
      },
    ],
  },
  {
    id: 18,
    source: 'testACNPPriorityConflictingRule',
    steps: [
      {
        step: 'acnp-drop@1, acnp-allow@2',
        objects: [
          acnp('acnp-drop', 1, {
            appliedTo: [pn(undefined, 'x')],
            ingress: [{ action: 'Drop', ports: [tcp(80)], from: [pn(undefined, 'z')] }],
          }),
          acnp('acnp-allow', 2, {
            appliedTo: [pn(undefined, 'x')],
            ingress: [{ action: 'Allow', ports: [tcp(80)], from: [pn(undefined, 'z')] }],
          }),
        ],
        checks: [
          ['z/a', 'x/a', 80, 'Drop', 'acnp-drop ingress[0]'],
          ['y/a', 'x/a', 80, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 19,
    source: 'testACNPRulePriority',
    steps: [
      {
        step: 'two ACNPs at priority 5 interleave by rule index',
        objects: [
          acnp('acnp-deny', 5, {
            appliedTo: [pn(undefined, 'x')],
            egress: [
              { action: 'Drop', ports: [tcp(80)], to: [pn(undefined, 'y')] },
              { action: 'Drop', ports: [tcp(80)], to: [pn(undefined, 'z')] },
            ],
          }),
          acnp('acnp-allow', 5, {
            appliedTo: [pn(undefined, 'x')],
            egress: [
              { action: 'Allow', ports: [tcp(80)], to: [pn(undefined, 'z')] },
              { action: 'Allow', ports: [tcp(80)], to: [pn(undefined, 'y')] },
            ],
          }),
        ],
        checks: [
          ['x/a', 'y/a', 80, 'Drop', 'acnp-deny egress[0]'],
          ['x/a', 'z/a', 80, 'Allow', 'acnp-allow egress[0]'],
          ['x/b', 'x/a', 80, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 20,
    source: 'testANNPBasic',
    steps: [
      {
        step: 'step 1: ANNP y/np-same-name',
        objects: [annpSameName()],
        checks: [['x/b', 'y/a', 80, 'Drop', 'AntreaNetworkPolicy y/np-same-name ingress[0]']],
      },
      {
        step: 'step 2: + K8s NP y/np-same-name (policyTypes omitted)',
        objects: [annpSameName(), knp('y', 'np-same-name', { podSelector: sel({ pod: 'a' }), ingress: [{ ports: [tcp(80)] }] })],
        checks: [
          ['x/b', 'y/a', 80, 'Drop', 'AntreaNetworkPolicy y/np-same-name ingress[0]'],
          ['x/a', 'y/a', 80, 'Allow', 'K8sNetworkPolicy y/np-same-name ingress[0]'],
          ['x/a', 'y/a', 81, 'Drop', iso('y', 'np-same-name')],
        ],
      },
    ],
  },
  {
    id: 21,
    source: 'testANNPAppliedToDenyXBtoGrpWithXA',
    steps: [
      {
        step: 'Group x/grp-pods-ya in appliedTo',
        objects: [
          group('x', 'grp-pods-ya', { podSelector: sel({ pod: 'a' }) }),
          annp('x', 'np-deny-xb-to-grp', 2, {
            appliedTo: [{ group: 'grp-pods-ya' }],
            ingress: [{ action: 'Drop', ports: [{ protocol: 'TCP', port: 'serve-81' }], from: [{ podSelector: sel({ pod: 'b' }) }] }],
          }),
        ],
        checks: [
          ['x/b', 'x/a', 81, 'Drop', 'AntreaNetworkPolicy x/np-deny-xb-to-grp ingress[0]'],
          ['y/b', 'x/a', 81, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 22,
    source: 'testANNPEgressRulePodsAToGrpWithPodsC / testANNPPortRange',
    steps: [
      {
        step: 'Group x/grp-xc peer; ANNP port range',
        objects: [
          group('x', 'grp-xc', { podSelector: sel({ pod: 'c' }) }),
          annp('x', 'annp-deny-xa-to-grp-xc', 1, {
            appliedTo: [{ podSelector: sel({ pod: 'a' }) }],
            egress: [{ action: 'Drop', ports: [tcp(80)], to: [{ group: 'grp-xc' }] }],
          }),
          annp('y', 'annp-deny-yb-to-xc-port-range', 1, {
            appliedTo: [{ podSelector: sel({ pod: 'b' }) }],
            egress: [{ action: 'Drop', ports: [tcp(8080, 8082)], to: [pn('c', 'x')] }],
          }),
        ],
        checks: [
          ['x/a', 'x/c', 80, 'Drop', 'x/annp-deny-xa-to-grp-xc egress[0]'],
          ['y/a', 'x/c', 80, 'Allow', DEFAULT],
          ['y/b', 'x/c', 8081, 'Drop', 'y/annp-deny-yb-to-xc-port-range egress[0]'],
          ['x/b', 'x/c', 8081, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 23,
    source: 'testAppliedToPerRule',
    steps: [
      {
        step: 'ACNP cnp1',
        objects: [
          acnp('cnp1', 1, {
            ingress: [
              { appliedTo: [pn('a')], action: 'Drop', ports: [tcp(80)], from: [pn('b', 'x')] },
              { appliedTo: [pn('b', 'y')], action: 'Drop', ports: [tcp(80)], from: [pn('b', 'z')] },
            ],
          }),
        ],
        checks: [
          ['x/b', 'z/a', 80, 'Drop', 'cnp1 ingress[0]'],
          ['z/b', 'y/b', 80, 'Drop', 'cnp1 ingress[1]'],
          ['z/b', 'x/b', 80, 'Allow', DEFAULT],
          ['x/b', 'y/b', 80, 'Allow', DEFAULT],
        ],
      },
      {
        step: 'ANNP variant in y',
        objects: [
          annp('y', 'np1', 1, {
            ingress: [
              { appliedTo: [{ podSelector: sel({ pod: 'a' }) }], action: 'Drop', ports: [tcp(80)], from: [pn('b', 'x')] },
              { appliedTo: [{ podSelector: sel({ pod: 'b' }) }], action: 'Drop', ports: [tcp(80)], from: [pn('b', 'z')] },
            ],
          }),
        ],
        checks: [
          ['x/b', 'y/a', 80, 'Drop', 'y/np1 ingress[0]'],
          ['z/b', 'y/b', 80, 'Drop', 'y/np1 ingress[1]'],
          ['x/b', 'z/a', 80, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 24,
    source: 'testACNPNamespaceIsolation',
    steps: [
      {
        step: 'step 1: baseline ingress [Allow Self, Drop all Namespaces]',
        objects: [
          acnp('test-acnp-ns-isolation', 1, {
            tier: 'baseline',
            appliedTo: [ALL_NS],
            ingress: [
              { action: 'Allow', from: [{ namespaces: { match: 'Self' } }] },
              { action: 'Drop', from: [ALL_NS] },
            ],
          }),
        ],
        checks: [
          ['x/a', 'x/c', 80, 'Allow', 'test-acnp-ns-isolation ingress[0], tier baseline'],
          ['x/a', 'y/a', 80, 'Drop', 'test-acnp-ns-isolation ingress[1], tier baseline'],
        ],
      },
      {
        step: 'step 2: baseline egress with per-rule appliedTo ns=x',
        objects: [
          acnp('test-acnp-ns-isolation-applied-to-per-rule', 1, {
            tier: 'baseline',
            egress: [
              { appliedTo: [pn(undefined, 'x')], action: 'Allow', to: [{ namespaces: { match: 'Self' } }] },
              { appliedTo: [pn(undefined, 'x')], action: 'Drop', to: [ALL_NS] },
            ],
          }),
        ],
        checks: [
          ['x/a', 'y/b', 80, 'Drop', 'test-acnp-ns-isolation-applied-to-per-rule egress[1], tier baseline'],
          ['y/a', 'x/a', 80, 'Allow', DEFAULT],
          ['x/a', 'x/b', 80, 'Allow', 'test-acnp-ns-isolation-applied-to-per-rule egress[0], tier baseline'],
        ],
      },
    ],
  },
  {
    id: 25,
    source: 'testACNPStrictNamespacesIsolation',
    steps: [
      {
        step: 'step 1: securityops [Pass Self, Drop all]',
        objects: [strictIsolation()],
        checks: [
          ['x/a', 'x/b', 80, 'Allow', 'after Pass'],
          ['x/a', 'y/b', 80, 'Drop', 'test-acnp-strict-ns-isolation ingress[1], tier securityops'],
        ],
      },
      {
        step: 'step 2: + K8s NP default-deny-in-namespace-x',
        objects: [strictIsolation(), knp('x', 'default-deny-in-namespace-x', { podSelector: {}, policyTypes: ['Ingress'] })],
        checks: [
          ['x/a', 'x/b', 80, 'Drop', iso('x', 'default-deny-in-namespace-x')],
          ['y/a', 'y/b', 80, 'Allow', 'after Pass'],
          ['x/a', 'x/a', 80, 'Allow', SELF],
        ],
      },
    ],
  },
  {
    id: 26,
    source: 'testACNPStrictNamespacesIsolationByLabels',
    steps: [
      {
        step: 'sameLabels [purpose, tier]',
        objects: [strictByLabels(['purpose', 'tier'])],
        model: extended(),
        checks: [
          ['prod1/a', 'prod2/b', 80, 'Allow', 'after Pass'],
          ['dev2/a', 'dev1/c', 80, 'Allow', 'after Pass'],
          ['prod1/a', 'dev1/a', 80, 'Drop', 'ingress[1] "drop-all"'],
          ['no-tier/a', 'no-tier/b', 80, 'Drop', 'ingress[1] "drop-all"'],
          ['prod1/a', 'prod1/b', 80, 'Allow', 'after Pass'],
        ],
      },
    ],
  },
  {
    id: 27,
    source: 'testACNPStrictNamespacesIsolationBySingleLabel',
    steps: [
      {
        step: 'sameLabels [purpose]',
        objects: [strictByLabels(['purpose'])],
        model: extended(),
        checks: [
          ['prod1/a', 'no-tier/a', 80, 'Drop', 'ingress[1] "drop-all"'],
          ['prod1/a', 'dev1/a', 80, 'Allow', 'after Pass'],
        ],
      },
      {
        step: 'after relabelling no-tier purpose=test',
        objects: [strictByLabels(['purpose'])],
        model: extended({ purpose: 'test' }),
        checks: [['prod1/a', 'no-tier/a', 80, 'Allow', 'after Pass']],
      },
    ],
  },
  {
    id: 28,
    source: 'testACNPClusterGroupRefRuleIPBlocks',
    steps: [
      {
        step: 'ClusterGroups of Pod IPs',
        objects: [
          clusterGroup('cg-ipblocks-pod-in-ns-x', { ipBlocks: ['x/a', 'x/b', 'x/c'].map((p) => ({ cidr: `${ip(p)}/32` })) }),
          clusterGroup('cg-ipblock-pod-za', { ipBlocks: [{ cidr: `${ip('z/a')}/32` }] }),
          acnp('acnp-deny-x-ips-ingress-for-ya', 1, {
            appliedTo: [pn('a', 'y')],
            ingress: [
              { action: 'Drop', ports: [tcp(80)], from: [{ group: 'cg-ipblocks-pod-in-ns-x' }] },
              { action: 'Drop', ports: [tcp(80)], from: [{ group: 'cg-ipblock-pod-za' }] },
            ],
          }),
        ],
        checks: [
          ['x/b', 'y/a', 80, 'Drop', 'acnp-deny-x-ips-ingress-for-ya ingress[0]'],
          ['z/a', 'y/a', 80, 'Drop', 'acnp-deny-x-ips-ingress-for-ya ingress[1]'],
          ['z/b', 'y/a', 80, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 29,
    source: 'testACNPAppliedToRuleCGWithPodsAToNsZ',
    steps: [
      {
        step: 'ClusterGroup cg-pods-a in rule appliedTo',
        objects: [
          clusterGroup('cg-pods-a', { podSelector: sel({ pod: 'a' }) }),
          acnp('acnp-deny-cg-with-a-to-z', 1, {
            egress: [{ appliedTo: [{ group: 'cg-pods-a' }], action: 'Drop', ports: [tcp(80)], to: [pn(undefined, 'z')] }],
          }),
        ],
        checks: [
          ['y/a', 'z/b', 80, 'Drop', 'acnp-deny-cg-with-a-to-z egress[0]'],
          ['x/a', 'z/a', 80, 'Drop', 'acnp-deny-cg-with-a-to-z egress[0]'],
          ['y/b', 'z/b', 80, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 30,
    source: 'testACNPClusterGroupServiceRefCreateAndUpdate step 1',
    steps: [
      {
        step: 'serviceReference groups',
        objects: [
          svc1,
          svc2,
          clusterGroup('cg-svc1', { serviceReference: { name: 'svc1', namespace: 'x' } }),
          clusterGroup('cg-svc2', { serviceReference: { name: 'svc2', namespace: 'y' } }),
          acnp('cg-svc-ref-acnp', 1, {
            appliedTo: [{ group: 'cg-svc1' }],
            ingress: [{ action: 'Drop', ports: [tcp(80)], from: [{ group: 'cg-svc2' }] }],
          }),
        ],
        checks: [
          ['y/b', 'x/a', 80, 'Drop', 'cg-svc-ref-acnp ingress[0]'],
          ['y/a', 'x/a', 80, 'Allow', DEFAULT],
          ['y/b', 'x/b', 80, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 31,
    source: 'testACNPNestedClusterGroupCreateAndUpdate',
    steps: [
      {
        step: 'step 1: child cg-select-y-c missing',
        objects: nested,
        checks: [
          ['x/a', 'z/b', 80, 'Drop', 'acnp-nested-cg-ingress ingress[0]'],
          ['y/c', 'z/b', 80, 'Allow', DEFAULT],
        ],
      },
      {
        step: 'step 3: child cg-select-y-c created',
        objects: [...nested, clusterGroup('cg-select-y-c', { namespaceSelector: sel({ ns: 'y' }), podSelector: sel({ pod: 'c' }) })],
        checks: [['y/c', 'z/b', 80, 'Drop', 'acnp-nested-cg-ingress ingress[0]']],
      },
    ],
  },
  {
    id: 32,
    source: 'testFQDNPolicy',
    steps: [
      {
        step: 'fqdn rules',
        objects: [
          acnp('test-acnp-fqdn', 1, {
            appliedTo: [ALL_NS],
            egress: [
              { name: 'r1', action: 'Reject', ports: [tcp(80)], to: [{ fqdn: '*github.com' }] },
              { name: 'r2', action: 'Drop', ports: [tcp(80)], to: [{ fqdn: 'wayfair.com' }] },
              { name: 'r3', action: 'Drop', ports: [tcp(80)], to: [{ fqdn: 'Stackoverflow.com' }] },
            ],
          }),
        ],
        checks: [
          ['x/a', { fqdn: 'docs.github.com' }, 80, 'Reject', 'egress[0] "r1"'],
          ['y/a', { fqdn: 'wayfair.com' }, 80, 'Drop', 'egress[1] "r2"'],
          ['y/b', { fqdn: 'stackoverflow.com' }, 80, 'Drop', 'egress[2] "r3"'],
          ['z/a', { fqdn: 'facebook.com' }, 80, 'Allow', DEFAULT],
          ['x/a', { fqdn: 'github.com' }, 80, 'Reject', 'egress[0] "r1"'],
          ['x/a', { fqdn: 'notgithub.com' }, 80, 'Reject', 'egress[0] "r1"'],
          ['x/a', { ip: '140.82.112.3' }, 80, 'undecidable', 'FQDN "*github.com"'],
        ],
      },
    ],
  },
  {
    id: 33,
    source: 'testToServices',
    steps: [
      {
        step: 'toServices x/ipv4-svc',
        objects: [
          service('x', 'ipv4-svc', { pod: 'a' }, [{ port: 81, targetPort: 81, protocol: 'TCP' }]),
          acnp('acnp-to-services', 1, {
            egress: [
              { name: 'x-to-svc', appliedTo: [pn(undefined, 'x')], action: 'Drop', toServices: [{ name: 'ipv4-svc', namespace: 'x' }] },
              { name: 'y-to-svc', appliedTo: [pn(undefined, 'y')], action: 'Drop', toServices: [{ name: 'ipv4-svc', namespace: 'x' }] },
            ],
          }),
        ],
        checks: [
          ['x/a', { service: 'x/ipv4-svc' }, 81, 'Drop', 'egress[0] "x-to-svc"'],
          ['y/b', { service: 'x/ipv4-svc' }, 81, 'Drop', 'egress[1] "y-to-svc"'],
          ['z/c', { service: 'x/ipv4-svc' }, 81, 'Allow', DEFAULT],
          ['y/b', 'x/a', 81, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 34,
    source: 'testServiceAccountSelector',
    steps: [
      {
        step: 'serviceAccount peer x/test-sa',
        model: xyz(saPods),
        objects: [
          acnp('acnp-service-account', 1, {
            appliedTo: [{ podSelector: sel({ 'antrea-e2e': 'server' }) }],
            ingress: [{ action: 'Drop', ports: [tcp(80)], from: [{ serviceAccount: { name: 'test-sa', namespace: 'x' } }] }],
          }),
        ],
        checks: [
          ['x/client-sa', 'y/server', 80, 'Drop', 'acnp-service-account ingress[0]'],
          ['x/client-default', 'y/server', 80, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 35,
    source: 'testACNPNodeSelectorEgress',
    steps: [
      {
        step: 'egress Drop TCP6443 to the control-plane Node',
        objects: [
          acnp('test-acnp-drop-egress-control-plane', 1, {
            egress: [
              {
                appliedTo: [pn('a', 'x')],
                action: 'Drop',
                ports: [tcp(6443)],
                to: [{ nodeSelector: sel({ 'kubernetes.io/hostname': 'control-plane' }) }],
              },
            ],
          }),
        ],
        checks: [
          ['x/a', { ip: '192.168.0.10' }, 6443, 'Drop', 'test-acnp-drop-egress-control-plane egress[0]'],
          ['x/a', { node: 'control-plane' }, 6443, 'Drop', 'test-acnp-drop-egress-control-plane egress[0]'],
          ['x/b', { ip: '192.168.0.10' }, 6443, 'Allow', DEFAULT],
          ['x/a', { node: 'worker-1' }, 6443, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 36,
    source: 'testACNPNodeSelectorIngress',
    steps: [
      {
        step: 'ingress Drop TCP80 from the control-plane Node (hostNetwork client)',
        model: xyz([hostClient]),
        objects: [
          acnp('test-acnp-drop-ingress-from-control-plane', 1, {
            ingress: [
              {
                appliedTo: [pn(undefined, 'x')],
                action: 'Drop',
                ports: [tcp(80)],
                from: [{ nodeSelector: sel({ 'kubernetes.io/hostname': 'control-plane' }) }],
              },
            ],
          }),
        ],
        checks: [
          ['kube-system/host-client', 'x/a', 80, 'Drop', 'test-acnp-drop-ingress-from-control-plane ingress[0]'],
          ['kube-system/host-client', 'y/a', 80, 'Allow', DEFAULT],
          [{ node: 'control-plane' }, 'x/b', 80, 'Drop', 'test-acnp-drop-ingress-from-control-plane ingress[0]'],
        ],
      },
    ],
  },
  {
    id: 37,
    source: 'testACNPICMPSupport',
    steps: [
      {
        step: 'egress [Drop ICMP to server1, Reject ICMP 8/0 to server0]',
        objects: [
          acnp('test-acnp-icmp', 1, {
            appliedTo: [pn('a', 'x')],
            egress: [
              { action: 'Drop', protocols: [{ icmp: {} }], to: [pn('b', 'x')] },
              { action: 'Reject', protocols: [{ icmp: { icmpType: 8, icmpCode: 0 } }], to: [pn('c', 'x')] },
            ],
          }),
        ],
        checks: [
          ['x/a', 'x/c', { protocol: 'ICMP', icmp: { type: 8, code: 0 } }, 'Reject', 'test-acnp-icmp egress[1]'],
          ['x/a', 'x/b', { protocol: 'ICMP' }, 'Drop', 'test-acnp-icmp egress[0]'],
          ['x/a', 'x/c', { protocol: 'ICMP', icmp: { type: 13 } }, 'Allow', DEFAULT],
          ['x/a', 'x/b', 80, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 38,
    source: 'testACNPNodePortServiceSupport',
    steps: [
      {
        step: 'appliedTo a NodePort Service, Reject from 1.1.1.0/24',
        objects: [
          service('x', 'test-nodeport-svc', { pod: 'a' }, [{ port: 80, targetPort: 80, nodePort: 30080, protocol: 'TCP' }], 'NodePort'),
          acnp('test-acnp-nodeport-svc', 1, {
            appliedTo: [{ service: { name: 'test-nodeport-svc', namespace: 'x' } }],
            ingress: [{ action: 'Reject', ports: [{ protocol: 'TCP' }], from: [{ ipBlock: { cidr: '1.1.1.0/24' } }] }],
          }),
        ],
        checks: [
          [{ ip: '1.1.1.1' }, { service: 'x/test-nodeport-svc' }, 30080, 'Reject', 'test-acnp-nodeport-svc ingress[0]'],
          [{ ip: '2.2.2.2' }, { service: 'x/test-nodeport-svc' }, 30080, 'Allow', DEFAULT],
          [{ ip: '1.1.1.1' }, 'x/a', 80, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 39,
    source: 'NP testDefaultDenyIngressPolicy',
    steps: [
      {
        step: 'K8s NP default deny ingress in x',
        model: xyz([
          { ...hostClient, name: 'host-client-w1', node: 'worker-1', ip: '192.168.0.11' },
          { ...hostClient, name: 'host-client-w2', node: 'worker-2', ip: '192.168.0.12' },
        ]),
        objects: [
          knp('x', 'test-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'], ingress: [] }),
          service('x', 'nodeport-svc', { pod: 'a' }, [{ port: 80, targetPort: 80, nodePort: 30081, protocol: 'TCP' }], 'NodePort'),
        ],
        checks: [
          ['kube-system/host-client-w1', 'x/a', 80, 'Allow', 'host-local'],
          ['kube-system/host-client-w2', 'x/a', 80, 'Drop', iso('x', 'test-deny-ingress')],
          ['kube-system/host-client-w1', { service: 'x/nodeport-svc' }, 30081, 'Drop', iso('x', 'test-deny-ingress')],
        ],
      },
    ],
  },
  {
    id: 40,
    source: 'NP testDefaultDenyEgressPolicy',
    steps: [
      {
        step: 'K8s NP default deny egress in x',
        objects: [knp('x', 'test-deny-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [] })],
        checks: [
          ['x/a', 'y/a', 80, 'Drop', 'egress Drop by K8s NetworkPolicy isolation (x/test-deny-egress)'],
          ['y/a', 'x/a', 80, 'Allow', DEFAULT],
        ],
      },
    ],
  },
  {
    id: 41,
    source: 'NP testDifferentNamedPorts',
    steps: [
      {
        step: 'K8s NP ingress on named port http',
        model: xyz(namedPortPods),
        objects: [
          knp('np', 'allow-client0-via-named-port', {
            podSelector: sel({ app: 'server' }),
            policyTypes: ['Ingress'],
            ingress: [{ ports: [{ protocol: 'TCP', port: 'http' }], from: [{ podSelector: sel({ app: 'client0' }) }] }],
          }),
        ],
        checks: [
          ['np/client0', 'np/server0', 80, 'Allow', 'np/allow-client0-via-named-port ingress[0]'],
          ['np/client0', 'np/server1', 8080, 'Allow', 'np/allow-client0-via-named-port ingress[0]'],
          ['np/client1', 'np/server0', 80, 'Drop', iso('np', 'allow-client0-via-named-port')],
          ['np/client1', 'np/server1', 8080, 'Drop', iso('np', 'allow-client0-via-named-port')],
          ['np/client0', 'np/server0', 8080, 'Drop', iso('np', 'allow-client0-via-named-port')],
        ],
      },
    ],
  },
  {
    id: 42,
    source: 'DERIVED §1.1: an egress Allow does not pre-empt the ingress side',
    steps: [
      {
        step: 'emergency egress Allow + application ingress Drop',
        objects: [
          acnp('acnp-emergency-allow-egress', 1, {
            tier: 'emergency',
            appliedTo: [pn('a', 'x')],
            egress: [{ action: 'Allow', to: [pn(undefined, 'y')] }],
          }),
          acnp('acnp-app-drop-ingress', 1, { appliedTo: [pn(undefined, 'y')], ingress: [{ action: 'Drop', from: [pn(undefined, 'x')] }] }),
        ],
        checks: [['x/a', 'y/b', 80, 'Drop', 'ingress Drop by AntreaClusterNetworkPolicy acnp-app-drop-ingress ingress[0]']],
      },
    ],
  },
  {
    id: 43,
    source: 'DOC "Static tiers": isolation outranks Baseline',
    steps: [
      {
        step: 'K8s deny-all ingress in x + baseline Allow',
        objects: [
          knp('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'] }),
          acnp('acnp-baseline-allow', 1, { tier: 'baseline', appliedTo: [pn(undefined, 'x')], ingress: [{ action: 'Allow' }] }),
        ],
        checks: [['y/a', 'x/a', 80, 'Drop', iso('x', 'deny-all')]],
      },
    ],
  },
  {
    id: 44,
    source: 'DOC "action" (Pass)',
    steps: [
      {
        step: 'a: Pass then a K8s NP allow',
        objects: [passFromY(), knp('x', 'allow-from-y', { podSelector: {}, ingress: [{ from: [pn(undefined, 'y')] }] })],
        checks: [['y/a', 'x/a', 80, 'Allow', 'K8sNetworkPolicy x/allow-from-y ingress[0] after Pass']],
      },
      {
        step: 'b: Pass then a Baseline Drop',
        objects: [
          passFromY(),
          acnp('acnp-baseline-drop-y', 1, {
            tier: 'baseline',
            appliedTo: [pn(undefined, 'x')],
            ingress: [{ action: 'Drop', from: [pn(undefined, 'y')] }],
          }),
        ],
        checks: [['y/a', 'x/a', 80, 'Drop', 'acnp-baseline-drop-y ingress[0], tier baseline after Pass']],
      },
      { step: 'c: Pass and nothing else', objects: [passFromY()], checks: [['y/a', 'x/a', 80, 'Allow', 'after Pass']] },
    ],
  },
  {
    id: 45,
    source: '§1.1: an Allow skips Baseline',
    steps: [
      {
        step: 'application Allow from y + baseline Drop all',
        objects: [
          acnp('acnp-app-allow-y', 1, { appliedTo: [pn(undefined, 'x')], ingress: [{ action: 'Allow', from: [pn(undefined, 'y')] }] }),
          acnp('acnp-baseline-drop-all', 1, { tier: 'baseline', appliedTo: [pn(undefined, 'x')], ingress: [{ action: 'Drop' }] }),
        ],
        checks: [
          ['y/a', 'x/a', 80, 'Allow', 'acnp-app-allow-y ingress[0]'],
          ['z/a', 'x/a', 80, 'Drop', 'acnp-baseline-drop-all ingress[0], tier baseline'],
        ],
      },
    ],
  },
  {
    id: 46,
    source: 'DOC "Notes and constraints": same tier, priority and index',
    steps: [
      {
        step: 'two ANNPs in web at one priority',
        model: xyz(webPods),
        objects: [
          annp('web', 'annp-drop-dev', 3, {
            appliedTo: [{ podSelector: sel({ app: 'web' }) }],
            ingress: [{ action: 'Drop', from: [{ podSelector: sel({ role: 'dev' }) }] }],
          }),
          annp('web', 'annp-allow-client', 3, {
            appliedTo: [{ podSelector: sel({ app: 'web' }) }],
            ingress: [{ action: 'Allow', from: [{ podSelector: sel({ app: 'client' }) }] }],
          }),
        ],
        checks: [['web/dev-client', 'web/server', 80, 'undecidable', 'ambiguous']],
      },
    ],
  },
  {
    id: 47,
    source: 'DOC "Ordering based on policy priority": kind does not matter',
    steps: [
      {
        step: 'ANNP x@1 Drop + ACNP@2 Allow',
        objects: [
          annp('x', 'annp-drop-y', 1, {
            appliedTo: [{ podSelector: {} }],
            ingress: [{ action: 'Drop', from: [{ namespaceSelector: sel({ ns: 'y' }) }] }],
          }),
          acnp('acnp-allow-y', 2, { appliedTo: [pn(undefined, 'x')], ingress: [{ action: 'Allow', from: [pn(undefined, 'y')] }] }),
        ],
        checks: [['y/a', 'x/a', 80, 'Drop', 'AntreaNetworkPolicy x/annp-drop-y ingress[0]']],
      },
    ],
  },
];

function baselineIsolateX(): Obj {
  return acnp('acnp-baseline-isolate-ns-x', 1, {
    tier: 'baseline',
    appliedTo: [pn(undefined, 'x')],
    ingress: [
      {
        action: 'Drop',
        ports: [tcp(80)],
        from: [{ namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'NotIn', values: ['x'] }] } }],
      },
    ],
  });
}

function annpSameName(): Obj {
  return annp('y', 'np-same-name', 1, {
    appliedTo: [{ podSelector: sel({ pod: 'a' }) }],
    ingress: [{ action: 'Drop', ports: [tcp(80)], from: [pn('b', 'x')] }],
  });
}

function strictIsolation(): Obj {
  return acnp('test-acnp-strict-ns-isolation', 1, {
    tier: 'securityops',
    appliedTo: [ALL_NS],
    ingress: [
      { action: 'Pass', from: [{ namespaces: { match: 'Self' } }] },
      { action: 'Drop', from: [ALL_NS] },
    ],
  });
}

function passFromY(): Obj {
  return acnp('acnp-securityops-pass-y', 1, {
    tier: 'securityops',
    appliedTo: [pn(undefined, 'x')],
    ingress: [{ action: 'Pass', from: [pn(undefined, 'y')] }],
  });
}

describe('the facts file lists 47 cases, all here', () => {
  test('case ids 1..47, each with at least one check', () => {
    expect(CASES.map((c) => c.id)).toEqual(Array.from({ length: 47 }, (_, i) => i + 1));
    for (const c of CASES) expect(c.steps.flatMap((s) => s.checks).length).toBeGreaterThan(0);
  });
});

describe('every fixture object passes strict schema validation', () => {
  test.each(CASES.map((c) => [c.id, c] as const))('case %i', (_id, c) => {
    for (const s of c.steps) {
      const r = validateManifests(s.objects as ManifestObject[], { allowUnknownKinds: [] });
      if (!r.valid) throw new Error(`case ${c.id} ${s.step}:\n${formatProblems(r.problems)}`);
    }
  });
});

for (const c of CASES) {
  describe(`#${c.id} ${c.source}`, () => {
    for (const s of c.steps) {
      describe(s.step, () => {
        let evaluator: PolicyEvaluator;
        beforeAll(() => {
          evaluator = new PolicyEvaluator(s.objects, s.model ?? xyz());
        });
        test.each(s.checks.map((ch) => [label(ch), ch] as const))('%s', (_l, ch) => {
          const v = evaluator.evaluate(query(ch));
          const expected = ch[3];
          if (expected === 'undecidable') expect(v.result).toBe('undecidable');
          else
            expect({ action: v.action, result: v.result }).toEqual({
              action: expected,
              result: expected === 'Allow' ? 'allowed' : 'denied',
            });
          expect(v.summary).toContain(ch[4]);
        });
      });
    }
  });
}
