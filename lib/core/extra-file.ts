import { Construct } from 'constructs';
import { guardDirectSynth } from './direct-synth';
import { fail } from './errors';

/** Props of {@link ExtraFile}. */
export interface ExtraFileProps {
  /** Relative path of the file below the extras folder, e.g. `kubekey/cluster.yaml`. */
  readonly path: string;
  /** The file content. */
  readonly content: string;
  /**
   * Whether the file holds credentials (then it is written with mode 0600 and never beside the manifests).
   * @default false
   */
  readonly sensitive?: boolean;
}

/**
 * A file that belongs to a stack's output but is not applied to the cluster (KubeKey config, secret templates,
 * Helm values). `synthesize()` writes these into the extras folder, never into the manifests folder.
 */
export class ExtraFile extends Construct {
  /** All ExtraFiles below `scope`, sorted by path. Throws on two files with the same path. */
  public static collect(scope: Construct): ExtraFile[] {
    const files = scope.node.findAll().filter((c): c is ExtraFile => c instanceof ExtraFile);
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (let i = 1; i < files.length; i++) {
      if (files[i].path === files[i - 1].path)
        fail(files[i], 'path', files[i].path, `a path not already used by ${files[i - 1].node.path}`);
    }
    return files;
  }

  public readonly path: string;
  public readonly sensitive: boolean;
  private readonly initialContent: string;

  public constructor(scope: Construct, id: string, props: ExtraFileProps) {
    super(scope, id);
    guardDirectSynth(this);
    const p = props.path;
    if (typeof p !== 'string' || p.length === 0 || p.startsWith('/') || p.split('/').some((s) => s === '..' || s === '' || s === '.')) {
      fail(this, 'path', p, 'a relative path without "..", "." or empty segments');
    }
    this.path = p;
    this.initialContent = props.content;
    this.sensitive = props.sensitive ?? false;
  }

  /** The file content (computed when read, so subclasses that grow after construction render their final state). */
  public get content(): string {
    return this.renderContent();
  }

  /** Renders the content. Subclasses override this to build the content from what was added after construction. */
  protected renderContent(): string {
    return this.initialContent;
  }
}
