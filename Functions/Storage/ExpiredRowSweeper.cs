using AuthFunctions.Core;

namespace AuthFunctions.Storage;

/// <summary>
/// Table Storage has no TTL: this deletes rows whose ExpiresAt has passed, in every table the app writes.
/// Reads check ExpiresAt themselves, so a missed sweep costs space, never correctness.
/// </summary>
public sealed class ExpiredRowSweeper(
    ITableClient tables, TableCreator creator, IEnumerable<ExpiringTable> expiring, TimeProvider time, ILogger<ExpiredRowSweeper> logger)
{
    /// <summary>Every table the sweep covers, as the features registered them.</summary>
    public IReadOnlyList<string> Tables { get; } = [.. expiring.Select(t => t.Name).Distinct(StringComparer.Ordinal)];

    /// <summary>Deletes expired rows; returns how many. Throws <see cref="StorageUnavailableException"/>.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deleted = 0;
        foreach (var table in Tables)
        {
            await creator.EnsureAsync(table, cancellationToken).ConfigureAwait(false);
            await foreach (var row in tables.QueryExpiredAsync(table, now, cancellationToken).ConfigureAwait(false))
            {
                // If-Match: a row rewritten since the query (a refresh token rotated) is left alone.
                if (row.ETag is not null && await tables.DeleteAsync(table, row.PartitionKey, row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false))
                {
                    deleted++;
                }
            }
        }

        Log.CleanupDone(logger, deleted);
        return deleted;
    }
}
