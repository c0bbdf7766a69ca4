using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace AuthFunctions.Storage.Tables;

/// <summary>
/// The Table Storage REST calls behind <see cref="ITableClient"/>, sent through an Azure.Core pipeline
/// (retries, time-outs, authentication policy). JSON is written and read by hand so the trimmed,
/// Native-AOT app needs no reflection serialization.
/// </summary>
internal sealed class TableStorageClient : ITableClient
{
    private const string NoMetadata = "application/json;odata=nometadata";

    // Only minimal metadata carries each entity's odata.etag in query results.
    private const string MinimalMetadata = "application/json;odata=minimalmetadata";

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly int? _pageSize;

    /// <param name="endpoint">The table service endpoint, e.g. https://account.table.core.windows.net.</param>
    /// <param name="authentication">SharedKey or bearer-token policy, run on every attempt.</param>
    /// <param name="pageSize">Rows per query page ($top); null lets the service choose (up to 1000).</param>
    public TableStorageClient(Uri endpoint, HttpPipelinePolicy authentication, int? pageSize = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(authentication);
        _endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/'));
        _pageSize = pageSize;
        _pipeline = HttpPipelineBuilder.Build(new Options(), authentication);
    }

    public async Task CreateTableIfNotExistsAsync(string table, CancellationToken cancellationToken)
    {
        ValidateTableName(table);
        using var message = CreateMessage(RequestMethod.Post, "/Tables", NoMetadata);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetBody(message, Json(writer => writer.WriteString("TableName", table)));
        var status = await SendAsync(message, "create table", cancellationToken).ConfigureAwait(false);

        // 409: the table exists already, which is what we want.
        if (status is not (201 or 204 or 409))
        {
            throw Unexpected("create table", message.Response);
        }
    }

    public async Task<bool> InsertAsync(string table, TableRow row, CancellationToken cancellationToken)
    {
        ValidateTableName(table);
        ArgumentNullException.ThrowIfNull(row);
        using var message = CreateMessage(RequestMethod.Post, "/" + table, NoMetadata);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetBody(message, EntityJson(row));
        return await SendAsync(message, "insert", cancellationToken).ConfigureAwait(false) switch
        {
            201 or 204 => true,
            409 => false,
            _ => throw Unexpected("insert", message.Response),
        };
    }

    public async Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        ValidateTableName(table);
        using var message = CreateMessage(RequestMethod.Get, EntityPath(table, partitionKey, rowKey), NoMetadata);
        switch (await SendAsync(message, "get", cancellationToken).ConfigureAwait(false))
        {
            case 200:
                using (var document = Parse(message.Response, "get"))
                {
                    return ReadRow(document.RootElement, ETagHeader(message.Response), "get");
                }

            case 404:
                return null;
            default:
                throw Unexpected("get", message.Response);
        }
    }

    public async Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string etag, CancellationToken cancellationToken)
    {
        ValidateTableName(table);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        using var message = CreateMessage(RequestMethod.Delete, EntityPath(table, partitionKey, rowKey), NoMetadata);
        message.Request.Headers.SetValue("If-Match", etag);
        return await SendAsync(message, "delete", cancellationToken).ConfigureAwait(false) switch
        {
            204 => true,
            404 or 412 => false,
            _ => throw Unexpected("delete", message.Response),
        };
    }

    public async Task<string?> ReplaceAsync(string table, TableRow row, string etag, CancellationToken cancellationToken)
    {
        ValidateTableName(table);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        using var message = CreateMessage(RequestMethod.Put, EntityPath(table, row.PartitionKey, row.RowKey), NoMetadata);
        message.Request.Headers.SetValue("If-Match", etag);
        SetBody(message, EntityJson(row));
        return await SendAsync(message, "replace", cancellationToken).ConfigureAwait(false) switch
        {
            204 => ETagHeader(message.Response)
                ?? throw new StorageUnavailableException("Table storage replace answered without an ETag."),
            404 or 412 => null,
            _ => throw Unexpected("replace", message.Response),
        };
    }

    public async IAsyncEnumerable<TableRow> QueryExpiredAsync(
        string table, DateTimeOffset before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ValidateTableName(table);
        var filter = "ExpiresAt lt datetime'" + FormatDate(before) + "'";
        string? nextPartitionKey = null;
        string? nextRowKey = null;
        do
        {
            List<TableRow> page;
            using (var message = CreateMessage(RequestMethod.Get, "/" + table + "()", MinimalMetadata))
            {
                var uri = message.Request.Uri;
                uri.AppendQuery("$filter", filter, escapeValue: true);
                uri.AppendQuery("$select", "PartitionKey,RowKey,ExpiresAt", escapeValue: true);
                if (_pageSize is { } top)
                {
                    uri.AppendQuery("$top", top.ToString(CultureInfo.InvariantCulture), escapeValue: false);
                }

                if (nextPartitionKey is not null)
                {
                    uri.AppendQuery("NextPartitionKey", nextPartitionKey, escapeValue: true);
                }

                if (nextRowKey is not null)
                {
                    uri.AppendQuery("NextRowKey", nextRowKey, escapeValue: true);
                }

                if (await SendAsync(message, "query", cancellationToken).ConfigureAwait(false) != 200)
                {
                    throw Unexpected("query", message.Response);
                }

                page = ReadPage(message.Response);
                message.Response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out nextPartitionKey);
                message.Response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out nextRowKey);
            }

            // Yield outside the using so a slow consumer does not hold the response open.
            foreach (var row in page)
            {
                yield return row;
            }
        }
        while (nextPartitionKey is not null);
    }

    private HttpMessage CreateMessage(RequestMethod method, string path, string accept)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(_endpoint);
        request.Uri.AppendPath(path, escape: false);
        request.Headers.SetValue("x-ms-version", "2019-02-02");
        request.Headers.SetValue("Accept", accept);
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }

    /// <summary>
    /// Sends and returns the status. Transport failures, time-outs and credential failures all mean
    /// "storage unavailable"; the caller's own cancellation stays a cancellation.
    /// </summary>
    private async Task<int> SendAsync(HttpMessage message, string operation, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return message.Response.Status;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        // AggregateException: the retry policy gathers the failures of every attempt into one.
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or OperationCanceledException
            or IOException or HttpRequestException or AuthenticationFailedException)
        {
            // The type name only: messages from lower layers are not ours to vet for secrets.
            throw new StorageUnavailableException($"Table storage {operation} failed ({ex.GetType().Name}).", ex);
        }
    }

    /// <summary>Status and service error code only: the URL holds row keys, which may be secrets.</summary>
    private static StorageUnavailableException Unexpected(string operation, Response response)
    {
        response.Headers.TryGetValue("x-ms-error-code", out var code);
        return new StorageUnavailableException(
            $"Table storage {operation} answered {response.Status}{(code is null ? string.Empty : " " + code)}.");
    }

    // The header verbatim: If-Match must echo exactly what the service sent (W/"datetime'...'").
    private static string? ETagHeader(Response response) =>
        response.Headers.TryGetValue("ETag", out var etag) ? etag : null;

    private static string EntityPath(string table, string partitionKey, string rowKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        return $"/{table}(PartitionKey='{KeyLiteral(partitionKey)}',RowKey='{KeyLiteral(rowKey)}')";
    }

    // OData string literals double their quotes; the result is then a single path segment.
    private static string KeyLiteral(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    /// <summary>Table names reach the URL path unescaped, so only the service's own shape is accepted.</summary>
    private static void ValidateTableName(string table)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        if (table.Length is < 3 or > 63 || !char.IsAsciiLetter(table[0]) || !table.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("A table name has 3 to 63 letters or digits and starts with a letter.", nameof(table));
        }
    }

    private static RequestContent EntityJson(TableRow row) => Json(writer =>
    {
        writer.WriteString("PartitionKey", row.PartitionKey);
        writer.WriteString("RowKey", row.RowKey);
        writer.WriteString("ExpiresAt@odata.type", "Edm.DateTime");
        writer.WriteString("ExpiresAt", FormatDate(row.ExpiresAt));
        writer.WriteString("Payload", row.Payload);
    });

    // The service reads the body only when the content type says JSON.
    private static void SetBody(HttpMessage message, RequestContent content)
    {
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = content;
    }

    private static RequestContent Json(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return RequestContent.Create(buffer.WrittenMemory);
    }

    private static string FormatDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static List<TableRow> ReadPage(Response response)
    {
        using var document = Parse(response, "query");
        if (!document.RootElement.TryGetProperty("value", out var values) || values.ValueKind != JsonValueKind.Array)
        {
            throw new StorageUnavailableException("Table storage query answered without a value array.");
        }

        var rows = new List<TableRow>(values.GetArrayLength());
        foreach (var entity in values.EnumerateArray())
        {
            var etag = entity.TryGetProperty("odata.etag", out var e) ? e.GetString() : null;
            rows.Add(ReadRow(entity, etag, "query"));
        }

        return rows;
    }

    private static JsonDocument Parse(Response response, string operation)
    {
        try
        {
            return JsonDocument.Parse(response.Content.ToMemory());
        }
        catch (JsonException ex)
        {
            throw new StorageUnavailableException($"Table storage {operation} answered malformed JSON.", ex);
        }
    }

    private static TableRow ReadRow(JsonElement entity, string? etag, string operation)
    {
        try
        {
            var expiresAt = DateTimeOffset.Parse(
                entity.GetProperty("ExpiresAt").GetString()!,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            return new TableRow(
                entity.GetProperty("PartitionKey").GetString()!,
                entity.GetProperty("RowKey").GetString()!,
                expiresAt,
                entity.TryGetProperty("Payload", out var payload) ? payload.GetString() ?? string.Empty : string.Empty,
                etag);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
        {
            throw new StorageUnavailableException($"Table storage {operation} answered an entity without its keys or ExpiresAt.", ex);
        }
    }

    /// <summary>Few, short retries and a 5 s network time-out: a dead storage must fail closed fast.</summary>
    private sealed class Options : ClientOptions
    {
        public Options()
        {
            Retry.MaxRetries = 2;
            Retry.Mode = RetryMode.Exponential;
            Retry.Delay = TimeSpan.FromMilliseconds(200);
            Retry.MaxDelay = TimeSpan.FromSeconds(1);
            Retry.NetworkTimeout = TimeSpan.FromSeconds(5);

            // Request URLs carry partition and row keys, which can be secrets; keep them out of logs and traces.
            Diagnostics.IsLoggingEnabled = false;
            Diagnostics.IsDistributedTracingEnabled = false;
        }
    }
}
