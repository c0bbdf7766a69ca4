using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace AuthFunctions.Storage;

/// <summary>
/// Table Storage semantics (ETags, If-Match deletes and replaces) in process memory, for single-instance
/// development when no storage is configured. The stores above it run the same code either way.
/// </summary>
internal sealed class InMemoryTableClient : ITableClient
{
    private readonly ConcurrentDictionary<(string Table, string Pk, string Rk), TableRow> _rows = new();
    private long _etag;

    public Task CreateTableIfNotExistsAsync(string table, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> InsertAsync(string table, TableRow row, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryAdd((table, row.PartitionKey, row.RowKey), row with { ETag = NextETag() }));

    public Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryGetValue((table, partitionKey, rowKey), out var row) ? row : null);

    public Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string etag, CancellationToken cancellationToken)
    {
        var key = (table, partitionKey, rowKey);
        return Task.FromResult(_rows.TryGetValue(key, out var row) && row.ETag == etag
            && _rows.TryRemove(new KeyValuePair<(string, string, string), TableRow>(key, row)));
    }

    public Task<string?> ReplaceAsync(string table, TableRow row, string etag, CancellationToken cancellationToken)
    {
        var key = (table, row.PartitionKey, row.RowKey);
        if (!_rows.TryGetValue(key, out var current) || current.ETag != etag)
        {
            return Task.FromResult<string?>(null);
        }

        var replacement = row with { ETag = NextETag() };
        return Task.FromResult(_rows.TryUpdate(key, replacement, current) ? replacement.ETag : null);
    }

    public async IAsyncEnumerable<TableRow> QueryExpiredAsync(string table, DateTimeOffset before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var ((t, _, _), row) in _rows)
        {
            if (t == table && row.ExpiresAt < before)
            {
                yield return row;
            }
        }
    }

    private string NextETag() => "W/\"" + Interlocked.Increment(ref _etag).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";
}
