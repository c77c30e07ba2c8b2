// Spreads chart updates across animation frames: at most one chart renders per frame, charts that
// are off screen wait until they scroll into view, and a chart dirtied many times renders once.

export interface Renderable {
  /** On screen (IntersectionObserver); hidden charts are skipped and kept dirty. */
  readonly visible: boolean;
  render(): void;
}

export class FrameScheduler<T extends Renderable = Renderable> {
  private readonly queue = new Set<T>();
  private handle = 0;

  /** Marks a chart dirty; it renders in a coming frame (once, however often it is marked). */
  request(item: T): void {
    this.queue.add(item);
    this.kick();
  }

  /** A chart became visible: render it if it is still dirty. */
  wake(item: T): void {
    if (this.queue.has(item)) this.kick();
  }

  forget(item: T): void {
    this.queue.delete(item);
  }

  get pending(): number {
    return this.queue.size;
  }

  private kick(): void {
    if (!this.handle) this.handle = window.requestAnimationFrame(this.frame);
  }

  private readonly frame = (): void => {
    this.handle = 0;
    for (const item of this.queue) {
      if (!item.visible) continue;
      this.queue.delete(item);
      item.render();
      break;
    }
    for (const item of this.queue) {
      if (item.visible) {
        this.kick();
        return;
      }
    }
  };
}
