namespace Grid.Storage;

/// <summary>
/// Runs an async initialisation once and shares it, but runs it again after a failure (unlike <see cref="Lazy{T}"/>,
/// which would keep a storage outage's exception forever).
/// </summary>
internal sealed class AsyncOnce<T>(Func<Task<T>> factory)
{
    private readonly Lock gate = new();
    private Task<T>? task;

    public Task<T> Value
    {
        get
        {
            lock (gate)
            {
                if (task is null || task.IsFaulted || task.IsCanceled)
                {
                    task = factory();
                }

                return task;
            }
        }
    }
}
