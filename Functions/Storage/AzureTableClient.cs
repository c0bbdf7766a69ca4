using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Azure.Identity;

namespace AuthFunctions.Storage;

/// <summary>
/// <see cref="ITableClient"/> on Azure.Data.Tables. Maps the outcomes the stores rely on (409 on insert, 404 on get,
/// 412/404 on an If-Match delete or replace, any of these in a batch) to return values, and every other failure to
/// <see cref="StorageUnavailableException"/>.
/// </summary>
internal sealed class AzureTableClient : ITableClient
{
    private const string ExpiresAt = "ExpiresAt";
    private const string Payload = "Payload";

    // The sweep needs keys, ETag and expiry only; the payload stays on the server.
    private static readonly string[] ExpiredColumns = ["PartitionKey", "RowKey", ExpiresAt];

    private readonly TableServiceClient _service;
    private readonly int? _pageSize;
    private readonly ConcurrentDictionary<string, TableClient> _tables = new(StringComparer.Ordinal);

    /// <param name="service">Built with <see cref="CreateOptions"/>, so calls fail within seconds.</param>
    /// <param name="pageSize">Rows per query page; null lets the service choose (up to 1000).</param>
    public AzureTableClient(TableServiceClient service, int? pageSize = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
        _pageSize = pageSize;
    }

    /// <summary>Few, short retries and a 5 s network time-out: a dead storage must fail closed fast.</summary>
    public static TableClientOptions CreateOptions()
    {
        var options = new TableClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);

        // Request URLs carry partition and row keys, which can be secrets; keep them out of logs and traces.
        options.Diagnostics.IsLoggingEnabled = false;
        options.Diagnostics.IsDistributedTracingEnabled = false;
        return options;
    }

    public async Task CreateTableIfNotExistsAsync(string table, CancellationToken cancellationToken)
    {
        ValidateTableName(table);
        try
        {
            // CreateTableAsync, not CreateTableIfNotExistsAsync: a 409 for a table still being deleted must not pass as "exists".
            await _service.CreateTableAsync(table, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409 && ex.ErrorCode != TableErrorCode.TableBeingDeleted)
        {
            // The table exists already, which is what we want. One being deleted is not there to use.
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            throw Unavailable("create table", ex);
        }
    }

    public async Task<bool> InsertAsync(string table, TableRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var client = Table(table);
        try
        {
            await client.AddEntityAsync(ToEntity(row), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            throw Unavailable("insert", ex);
        }
    }

    public async Task<bool> WriteBatchAsync(string table, IReadOnlyList<TableWrite> writes, CancellationToken cancellationToken)
    {
        TableBatch.Validate(writes);
        var client = Table(table);
        var actions = new TableTransactionAction[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            actions[i] = writes[i].IfMatch is { } etag
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(writes[i].Row), new ETag(etag))
                : new TableTransactionAction(TableTransactionActionType.Add, ToEntity(writes[i].Row));
        }

        try
        {
            await client.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex)
            when (ex.Status is 409 or 412 || (ex.Status == 404 && ex.ErrorCode != TableErrorCode.TableNotFound))
        {
            // A condition failed and the service rolled the whole transaction back: none of it was written.
            // A missing table is no condition of the caller's: that one is storage unavailable, as for an insert.
            return false;
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            throw Unavailable("batch", ex);
        }
    }

    public async Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        var client = Table(table);
        NullableResponse<TableEntity> response;
        try
        {
            response = await client.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            throw Unavailable("get", ex);
        }

        return response.HasValue ? ToRow(response.Value!, "get") : null;
    }

    public async Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        var client = Table(table);
        try
        {
            // The SDK answers a 404 without throwing; only the 204 is this caller's delete.
            using var response = await client.DeleteEntityAsync(partitionKey, rowKey, new ETag(etag), cancellationToken).ConfigureAwait(false);
            return response.Status == 204;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            throw Unavailable("delete", ex);
        }
    }

    public async Task<string?> ReplaceAsync(string table, TableRow row, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        var client = Table(table);
        try
        {
            using var response = await client.UpdateEntityAsync(ToEntity(row), new ETag(etag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

            // The header verbatim: a later If-Match must echo exactly what the service sent.
            return response.Headers.TryGetValue("ETag", out var newEtag) && !string.IsNullOrEmpty(newEtag)
                ? newEtag
                : throw new StorageUnavailableException("Table storage replace answered without an ETag.");
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            throw Unavailable("replace", ex);
        }
    }

    public async Task<TablePage> ListAsync(string table, string? partitionKey, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var client = Table(table);
        var filter = partitionKey is null ? null : TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        try
        {
            await foreach (var page in client.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken)
                .AsPages(continuation, pageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                return new TablePage([.. page.Values.Select(e => ToRow(e, "list"))], page.ContinuationToken);
            }

            return new TablePage([], null);
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            throw Unavailable("list", ex);
        }
    }

    public async IAsyncEnumerable<TableRow> QueryExpiredAsync(
        string table, DateTimeOffset before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = Table(table);
        var filter = TableClient.CreateQueryFilter($"ExpiresAt lt {before}");
        var pages = client.QueryAsync<TableEntity>(filter, _pageSize, ExpiredColumns, cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        await using (pages.ConfigureAwait(false))
        {
            while (true)
            {
                // Each page is fetched inside the try; rows are yielded outside it (C# allows no yield in a try with a catch).
                bool more;
                try
                {
                    more = await pages.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
                {
                    throw Unavailable("query", ex);
                }

                if (!more)
                {
                    yield break;
                }

                foreach (var entity in pages.Current.Values)
                {
                    yield return ToRow(entity, "query");
                }
            }
        }
    }

    private TableClient Table(string table)
    {
        ValidateTableName(table);
        return _tables.GetOrAdd(table, static (name, service) => service.GetTableClient(name), _service);
    }

    /// <summary>
    /// Transport failures, time-outs, refusals and credential failures all mean "storage unavailable";
    /// the caller's own cancellation stays a cancellation.
    /// </summary>
    // AggregateException: the retry policy gathers the failures of every attempt into one.
    private static bool IsUnavailable(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        RequestFailedException or AggregateException or IOException or HttpRequestException or AuthenticationFailedException => true,
        _ => false,
    };

    /// <summary>
    /// Status and service error code, or the exception type: never a lower layer's message, which may quote the
    /// request URL (row keys, which may be secrets) or a credential's details.
    /// </summary>
    private static StorageUnavailableException Unavailable(string operation, Exception ex) => new(
        ex is RequestFailedException { Status: > 0 } failed
            ? $"Table storage {operation} answered {failed.Status}{(string.IsNullOrEmpty(failed.ErrorCode) ? string.Empty : " " + failed.ErrorCode)}."
            : $"Table storage {operation} failed ({ex.GetType().Name}).",
        ex);

    /// <summary>Table names reach the URL path, so only the service's own shape is accepted.</summary>
    private static void ValidateTableName(string table)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        if (table.Length is < 3 or > 63 || !char.IsAsciiLetter(table[0]) || !table.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("A table name has 3 to 63 letters or digits and starts with a letter.", nameof(table));
        }
    }

    // The columns the hand-written REST client wrote, so rows written before the SDK still read: ExpiresAt as Edm.DateTime.
    private static TableEntity ToEntity(TableRow row) => new(row.PartitionKey, row.RowKey)
    {
        [ExpiresAt] = row.ExpiresAt.ToUniversalTime(),
        [Payload] = row.Payload,
    };

    private static TableRow ToRow(TableEntity entity, string operation)
    {
        DateTimeOffset? expiresAt;
        try
        {
            expiresAt = entity.GetDateTimeOffset(ExpiresAt);
        }
        catch (InvalidOperationException ex)
        {
            // A column of another type: the row was not written by this app, so it cannot be trusted to expire.
            throw new StorageUnavailableException($"Table storage {operation} answered an entity whose ExpiresAt is not a date.", ex);
        }

        if (expiresAt is null)
        {
            throw new StorageUnavailableException($"Table storage {operation} answered an entity without ExpiresAt.");
        }

        var etag = entity.ETag == default ? null : entity.ETag.ToString();
        return new TableRow(entity.PartitionKey, entity.RowKey, expiresAt.Value, entity.GetString(Payload) ?? string.Empty, etag);
    }
}
