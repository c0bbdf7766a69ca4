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

    /// <summary>Key order as Table Storage has it (ordinal); the continuation is the last key of the page.</summary>
    public Task<TablePage> ListAsync(string table, string? partitionKey, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var after = continuation?.Split('\n', 2);
        var rows = _rows.Where(r => r.Key.Table == table && (partitionKey is null || r.Key.Pk == partitionKey))
            .Select(r => r.Value)
            .OrderBy(r => r.PartitionKey, StringComparer.Ordinal).ThenBy(r => r.RowKey, StringComparer.Ordinal)
            .Where(r => after is null || string.CompareOrdinal(r.PartitionKey, after[0]) > 0
                || (r.PartitionKey == after[0] && string.CompareOrdinal(r.RowKey, after[1]) > 0))
            .Take(pageSize + 1)
            .ToList();
        var page = rows.Take(pageSize).ToList();
        return Task.FromResult(new TablePage(page, rows.Count > pageSize ? page[^1].PartitionKey + "\n" + page[^1].RowKey : null));
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
