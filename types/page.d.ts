// Names the page's type check (tsconfig.json) needs that TypeScript's libraries lack.

// window.hebbianPiano, which api.js installs (its JSDoc documents each verb).
interface Window {
  hebbianPiano: Readonly<Record<string, unknown> & { ready: Promise<void> }>;
}

// The AudioWorkletGlobalScope audio/piano-worklet.js runs in (TypeScript's
// "audioworklet" library cannot be used beside "dom").
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: AudioWorkletNodeOptions);
}
declare const sampleRate: number;
declare const currentFrame: number;
declare function registerProcessor(
  name: string,
  processor: new (options: AudioWorkletNodeOptions) => AudioWorkletProcessor,
): void;
