using System.Collections.Concurrent;

namespace AuthFunctions.Storage;

/// <summary>Creates each table on first use, once per process, not at start-up: a cold start makes no storage calls.</summary>
public sealed class TableCreator(ITableClient tables)
{
    private readonly ConcurrentDictionary<string, Task> _created = new(StringComparer.Ordinal);

    public async Task<string> EnsureAsync(string table, CancellationToken cancellationToken)
    {
        var task = _created.GetOrAdd(table, t => tables.CreateTableIfNotExistsAsync(t, CancellationToken.None));
        try
        {
            await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StorageUnavailableException)
        {
            // Not cached: the next request tries again.
            _created.TryRemove(new KeyValuePair<string, Task>(table, task));
            throw;
        }

        return table;
    }
}
