/**
 * How much heap one invocation needs, measured inside the local runtime. On Forge every invocation has its own
 * function of 512 MB (the default `runtime.memoryMB`); locally every invocation shares one process with the
 * simulated site and storage, whose heap says nothing about the app's. So the probe collects garbage right before
 * an invocation starts and takes that heap as its baseline, then reads the heap at each of the invocation's
 * platform calls and once more as it ends (its objects are still reachable then). The largest growth over the
 * baseline is the invocation's peak.
 *
 * That figure is an upper bound of what the invocation holds: it also counts garbage not collected yet and what
 * the simulated site allocates to answer it. It is only sound while the invocation runs alone (objects of another
 * invocation, collected meanwhile, would shrink it), so an invocation that overlapped another is counted as
 * overlapped and not measured.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The heap measured for one invocation. */
export interface InvocationHeapSample {
  /** e.g. `run-worker:scan`: the function, and the kind of step a queue event carried. */
  step: string;
  peakBytes: number;
}

export interface HeapProbeReport {
  /** Invocations that ran alone and were measured. */
  measured: number;
  /** Invocations that overlapped another, so were not measured. */
  overlapped: number;
  /** The largest peak of any measured invocation, in MB (rounded up). */
  maxMb: number;
  /** The step of that invocation. */
  maxStep: string | null;
  /** The largest peak per step, in MB (rounded up). */
  maxMbByStep: Record<string, number>;
}

/** One invocation being measured. */
export interface HeapWatch {
  readonly step: string;
  readonly baseline: number;
  peak: number;
  alone: boolean;
}

const MB = 1024 * 1024;

/** `global.gc` without the `--expose-gc` flag on the command line: the flag is set at run time, then read once. */
function loadGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export class HeapProbe {
  private readonly gc = loadGc();
  private readonly running = new Set<HeapWatch>();
  private readonly samples: InvocationHeapSample[] = [];
  private overlapped = 0;

  /** Called as an invocation starts; collects garbage first when no other invocation runs. */
  begin(step: string): HeapWatch {
    const alone = this.running.size === 0;
    if (alone) this.gc();
    for (const other of this.running) other.alone = false;
    const baseline = getHeapStatistics().used_heap_size;
    const watch: HeapWatch = { step, baseline, peak: baseline, alone };
    this.running.add(watch);
    return watch;
  }

  /** Called at each platform call of the invocation. */
  sample(watch: HeapWatch): void {
    if (!watch.alone) return;
    watch.peak = Math.max(watch.peak, getHeapStatistics().used_heap_size);
  }

  /** Called as the invocation ends, before its objects are released. */
  end(watch: HeapWatch): void {
    this.sample(watch);
    this.running.delete(watch);
    if (watch.alone) this.samples.push({ step: watch.step, peakBytes: Math.max(0, watch.peak - watch.baseline) });
    else this.overlapped += 1;
  }

  /** Forgets what was measured so far (e.g. between two runs of a bench). */
  reset(): void {
    this.samples.length = 0;
    this.overlapped = 0;
  }

  report(): HeapProbeReport {
    const maxMbByStep: Record<string, number> = {};
    let max: InvocationHeapSample | undefined;
    for (const sample of this.samples) {
      const mb = Math.ceil(sample.peakBytes / MB);
      maxMbByStep[sample.step] = Math.max(maxMbByStep[sample.step] ?? 0, mb);
      if (!max || sample.peakBytes > max.peakBytes) max = sample;
    }
    return {
      measured: this.samples.length,
      overlapped: this.overlapped,
      maxMb: max ? Math.ceil(max.peakBytes / MB) : 0,
      maxStep: max?.step ?? null,
      maxMbByStep,
    };
  }
}
