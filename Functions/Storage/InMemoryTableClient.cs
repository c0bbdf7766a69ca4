using System.Runtime.CompilerServices;

namespace AuthFunctions.Storage;

/// <summary>
/// Table Storage semantics (ETags, If-Match deletes and replaces, all-or-none batches) in process memory, for
/// single-instance development when no storage is configured. The stores above it run the same code either way.
/// </summary>
/// <remarks>
/// One lock over every row: a batch is then atomic to readers too, as an entity-group transaction is. Each operation
/// holds it for a dictionary lookup or two.
/// </remarks>
internal sealed class InMemoryTableClient : ITableClient
{
    private readonly Dictionary<(string Table, string Pk, string Rk), TableRow> _rows = [];
    private readonly Lock _gate = new();
    private long _etag;

    public Task CreateTableIfNotExistsAsync(string table, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> InsertAsync(string table, TableRow row, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.TryAdd((table, row.PartitionKey, row.RowKey), row with { ETag = NextETag() }));
        }
    }

    public Task<bool> WriteBatchAsync(string table, IReadOnlyList<TableWrite> writes, CancellationToken cancellationToken)
    {
        TableBatch.Validate(writes);
        lock (_gate)
        {
            foreach (var write in writes)
            {
                var found = _rows.TryGetValue((table, write.Row.PartitionKey, write.Row.RowKey), out var current);
                if (write.IfMatch is null ? found : !found || current!.ETag != write.IfMatch)
                {
                    return Task.FromResult(false);
                }
            }

            foreach (var write in writes)
            {
                _rows[(table, write.Row.PartitionKey, write.Row.RowKey)] = write.Row with { ETag = NextETag() };
            }

            return Task.FromResult(true);
        }
    }

    public Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.GetValueOrDefault((table, partitionKey, rowKey)));
        }
    }

    public Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string etag, CancellationToken cancellationToken)
    {
        var key = (table, partitionKey, rowKey);
        lock (_gate)
        {
            return Task.FromResult(_rows.TryGetValue(key, out var row) && row.ETag == etag && _rows.Remove(key));
        }
    }

    public Task<string?> ReplaceAsync(string table, TableRow row, string etag, CancellationToken cancellationToken)
    {
        var key = (table, row.PartitionKey, row.RowKey);
        lock (_gate)
        {
            if (!_rows.TryGetValue(key, out var current) || current.ETag != etag)
            {
                return Task.FromResult<string?>(null);
            }

            var replacement = row with { ETag = NextETag() };
            _rows[key] = replacement;
            return Task.FromResult<string?>(replacement.ETag);
        }
    }

    /// <summary>Key order as Table Storage has it (ordinal); the continuation is the last key of the page.</summary>
    public Task<TablePage> ListAsync(string table, string? partitionKey, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var after = continuation?.Split('\n', 2);
        List<TableRow> rows;
        lock (_gate)
        {
            rows = _rows.Where(r => r.Key.Table == table && (partitionKey is null || r.Key.Pk == partitionKey))
                .Select(r => r.Value)
                .OrderBy(r => r.PartitionKey, StringComparer.Ordinal).ThenBy(r => r.RowKey, StringComparer.Ordinal)
                .Where(r => after is null || string.CompareOrdinal(r.PartitionKey, after[0]) > 0
                    || (r.PartitionKey == after[0] && string.CompareOrdinal(r.RowKey, after[1]) > 0))
                .Take(pageSize + 1)
                .ToList();
        }

        var page = rows.Take(pageSize).ToList();
        return Task.FromResult(new TablePage(page, rows.Count > pageSize ? page[^1].PartitionKey + "\n" + page[^1].RowKey : null));
    }

    public async IAsyncEnumerable<TableRow> QueryExpiredAsync(string table, DateTimeOffset before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        List<TableRow> expired;
        lock (_gate)
        {
            expired = [.. _rows.Where(r => r.Key.Table == table && r.Value.ExpiresAt < before).Select(r => r.Value)];
        }

        foreach (var row in expired)
        {
            yield return row;
        }
    }

    /// <summary>Under the lock.</summary>
    private string NextETag() => "W/\"" + (++_etag).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";
}
