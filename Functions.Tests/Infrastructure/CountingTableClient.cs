using System.Collections.Concurrent;
using AuthFunctions.Storage;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>Counts the calls, by kind, that pass through to a real table client: each one is a round trip to Table Storage.</summary>
public sealed class CountingTableClient(ITableClient inner) : ITableClient
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    /// <summary>Calls of one kind: create, insert, batch, get, delete, replace, list, query.</summary>
    public int this[string kind] => _calls.GetValueOrDefault(kind);

    /// <summary>Every call but table creation, which happens once per table and process.</summary>
    public int RoundTrips => _calls.Where(c => c.Key != "create").Sum(c => c.Value);

    /// <summary>Every call, table creation included.</summary>
    public int All => _calls.Values.Sum();

    /// <summary>What was counted, for a failing assertion's message.</summary>
    public override string ToString() => string.Join(", ", _calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));

    public void Reset() => _calls.Clear();

    private void Count(string kind) => _calls.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public Task CreateTableIfNotExistsAsync(string table, CancellationToken cancellationToken)
    {
        Count("create");
        return inner.CreateTableIfNotExistsAsync(table, cancellationToken);
    }

    public Task<bool> InsertAsync(string table, TableRow row, CancellationToken cancellationToken)
    {
        Count("insert");
        return inner.InsertAsync(table, row, cancellationToken);
    }

    public Task<bool> WriteBatchAsync(string table, IReadOnlyList<TableWrite> writes, CancellationToken cancellationToken)
    {
        Count("batch");
        return inner.WriteBatchAsync(table, writes, cancellationToken);
    }

    public Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        Count("get");
        return inner.GetAsync(table, partitionKey, rowKey, cancellationToken);
    }

    public Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string etag, CancellationToken cancellationToken)
    {
        Count("delete");
        return inner.DeleteAsync(table, partitionKey, rowKey, etag, cancellationToken);
    }

    public Task<string?> ReplaceAsync(string table, TableRow row, string etag, CancellationToken cancellationToken)
    {
        Count("replace");
        return inner.ReplaceAsync(table, row, etag, cancellationToken);
    }

    public Task<TablePage> ListAsync(string table, string? partitionKey, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        Count("list");
        return inner.ListAsync(table, partitionKey, pageSize, continuation, cancellationToken);
    }

    public IAsyncEnumerable<TableRow> QueryExpiredAsync(string table, DateTimeOffset before, CancellationToken cancellationToken)
    {
        Count("query");
        return inner.QueryExpiredAsync(table, before, cancellationToken);
    }
}
