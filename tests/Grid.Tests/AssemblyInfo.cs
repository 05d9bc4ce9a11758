// Collections share 2 cores and real processes (silos, Azurite); running them one after another keeps timing-
// sensitive fault tests honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
