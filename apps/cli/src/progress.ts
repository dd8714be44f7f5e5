import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  /** `total` when the whole is only learnt (or grows) along the way. */
  update(value: number, total?: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr when stderr is a terminal; otherwise one plain line every 10 s (so a long run in
 * a pipe or a CI log still shows it is alive, and a short one prints nothing).
 */
export function progress(label: string, total: number, unit: string): Progress {
  if (process.stderr.isTTY && total > 0) {
    const bar = new SingleBar(
      {
        stream: process.stderr,
        format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | ETA {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 200,
      },
      Presets.shades_classic,
    );
    let currentTotal = total;
    bar.start(total, 0);
    return {
      update: (value, total) => {
        const whole = Math.max(value, total ?? currentTotal);
        if (whole !== currentTotal) bar.setTotal((currentTotal = whole));
        bar.update(value);
      },
      stop: () => bar.stop(),
    };
  }
  let last = Date.now();
  let whole = total;
  return {
    update: (value, newTotal) => {
      whole = newTotal ?? whole;
      const now = Date.now();
      if (now - last < 10_000) return;
      last = now;
      process.stderr.write(`${label}: ${value}${whole > 0 ? `/${whole}` : ''} ${unit}\n`);
    },
    stop: () => undefined,
  };
}

