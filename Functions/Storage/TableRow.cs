namespace AuthFunctions.Storage;

/// <summary>One page of <see cref="ITableClient.ListAsync"/>.</summary>
public sealed record TablePage(IReadOnlyList<TableRow> Rows, string? Continuation);

/// <summary>One stored row: keys, the expiry every read checks, an opaque JSON payload and the server's ETag.</summary>
public sealed record TableRow(string PartitionKey, string RowKey, DateTimeOffset ExpiresAt, string Payload, string? ETag = null);
