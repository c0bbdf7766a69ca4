using AuthFunctions.Storage;

namespace LoginOurs;

/// <summary>Counts the storage operations (each one a round trip on Table Storage) that pass through to the real client.</summary>
internal sealed class CountingTableClient(ITableClient inner) : ITableClient
{
    private long _create, _insert, _batch, _get, _delete, _replace, _list, _query;

    public Dictionary<string, long> Snapshot(long allocatedBytes) => new()
    {
        ["allocatedBytes"] = allocatedBytes,
        ["create"] = Interlocked.Read(ref _create),
        ["insert"] = Interlocked.Read(ref _insert),
        ["batch"] = Interlocked.Read(ref _batch),
        ["get"] = Interlocked.Read(ref _get),
        ["delete"] = Interlocked.Read(ref _delete),
        ["replace"] = Interlocked.Read(ref _replace),
        ["list"] = Interlocked.Read(ref _list),
        ["query"] = Interlocked.Read(ref _query),
    };

    public Task CreateTableIfNotExistsAsync(string table, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _create);
        return inner.CreateTableIfNotExistsAsync(table, cancellationToken);
    }

    public Task<bool> InsertAsync(string table, TableRow row, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _insert);
        return inner.InsertAsync(table, row, cancellationToken);
    }

    /// <summary>One entity-group transaction: one round trip, however many rows it writes.</summary>
    public Task<bool> WriteBatchAsync(string table, IReadOnlyList<TableWrite> writes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _batch);
        return inner.WriteBatchAsync(table, writes, cancellationToken);
    }

    public Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _get);
        return inner.GetAsync(table, partitionKey, rowKey, cancellationToken);
    }

    public Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string etag, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _delete);
        return inner.DeleteAsync(table, partitionKey, rowKey, etag, cancellationToken);
    }

    public Task<string?> ReplaceAsync(string table, TableRow row, string etag, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _replace);
        return inner.ReplaceAsync(table, row, etag, cancellationToken);
    }

    public Task<TablePage> ListAsync(string table, string? partitionKey, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _list);
        return inner.ListAsync(table, partitionKey, pageSize, continuation, cancellationToken);
    }

    public IAsyncEnumerable<TableRow> QueryExpiredAsync(string table, DateTimeOffset before, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _query);
        return inner.QueryExpiredAsync(table, before, cancellationToken);
    }
}
