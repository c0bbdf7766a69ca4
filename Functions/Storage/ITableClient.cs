namespace AuthFunctions.Storage;

/// <summary>
/// The few Table Storage operations the app needs, so the stores run unchanged on Azure.Data.Tables
/// (<see cref="AzureTableClient"/>) or in memory when no storage is configured (<see cref="InMemoryTableClient"/>).
/// Every failure other than the documented outcomes surfaces as <see cref="StorageUnavailableException"/>.
/// </summary>
public interface ITableClient
{
    /// <summary>The most operations one entity-group transaction may hold (the service's limit).</summary>
    const int MaxBatch = 100;

    /// <summary>Creates the table; an existing table is not an error.</summary>
    Task CreateTableIfNotExistsAsync(string table, CancellationToken cancellationToken);

    /// <summary>Inserts a new row; false when a row with the same keys exists (409).</summary>
    Task<bool> InsertAsync(string table, TableRow row, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts and If-Match replaces of rows of one partition as one entity-group transaction (one round trip), all or
    /// none; false when any condition fails: an inserted row's keys exist (409), a replaced row's ETag moved on or the
    /// row is gone (412/404). At most <see cref="MaxBatch"/> writes with distinct row keys, else an argument error.
    /// </summary>
    Task<bool> WriteBatchAsync(string table, IReadOnlyList<TableWrite> writes, CancellationToken cancellationToken);

    /// <summary>Reads one row with its ETag; null when it does not exist.</summary>
    Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken);

    /// <summary>Deletes a row only if its ETag still matches; true only for the caller whose delete answered 204.</summary>
    Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string etag, CancellationToken cancellationToken);

    /// <summary>Replaces a row only if its ETag still matches (compare-and-swap); the new ETag, or null on 412/404.</summary>
    Task<string?> ReplaceAsync(string table, TableRow row, string etag, CancellationToken cancellationToken);

    /// <summary>
    /// One page of whole rows in key order, of one partition or (null) of all; <paramref name="continuation"/> is the
    /// previous page's, and the answer's is null on the last page. Tokens are opaque and belong to one table.
    /// </summary>
    Task<TablePage> ListAsync(string table, string? partitionKey, int pageSize, string? continuation, CancellationToken cancellationToken);

    /// <summary>Keys and ETags of rows whose ExpiresAt is before <paramref name="before"/>, across all pages.</summary>
    IAsyncEnumerable<TableRow> QueryExpiredAsync(string table, DateTimeOffset before, CancellationToken cancellationToken);
}
