/**
 * One instance per Region (an SDK client, a cached listing), made on first use and reused for
 * the life of the container, as clients are: their connection pools and credentials are per
 * client. A service certifying in four Regions builds what it is asked about, not all of it at init.
 */
export class PerRegion<T> {
  private readonly instances = new Map<string, T>();

  constructor(private readonly create: (region: string) => T) {}

  /** The instance of `region`, made now if this is its first use. */
  get(region: string): T {
    let instance = this.instances.get(region);
    if (instance === undefined) {
      instance = this.create(region);
      this.instances.set(region, instance);
    }
    return instance;
  }
}
