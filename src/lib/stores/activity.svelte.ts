/** Long-running work in progress; an app update never activates while any is running. */
class ActivityStore {
  running = $state<string[]>([]);

  /** True while any job runs. */
  get busy(): boolean {
    return this.running.length > 0;
  }

  /** Marks `label` as running until `work` settles, and returns its result. */
  async track<T>(label: string, work: () => Promise<T>): Promise<T> {
    this.running = [...this.running, label];
    try {
      return await work();
    } finally {
      const index = this.running.indexOf(label);
      this.running = this.running.filter((_, i) => i !== index);
    }
  }
}

/** The one activity store. */
export const activity = new ActivityStore();
