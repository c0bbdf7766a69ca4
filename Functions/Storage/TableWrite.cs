namespace AuthFunctions.Storage;

/// <summary>
/// One write of <see cref="ITableClient.WriteBatchAsync"/>: an insert of a new row, or (with <see cref="IfMatch"/>)
/// a replace of a row whose ETag still matches.
/// </summary>
public sealed record TableWrite(TableRow Row, string? IfMatch = null)
{
    /// <summary>Inserts <paramref name="row"/>; the batch fails when its keys exist.</summary>
    public static TableWrite Insert(TableRow row) => new(row);

    /// <summary>Replaces the row with <paramref name="row"/>'s keys; the batch fails unless its ETag is still <paramref name="etag"/>.</summary>
    public static TableWrite Replace(TableRow row, string etag)
    {
        ArgumentException.ThrowIfNullOrEmpty(etag);
        return new(row, etag);
    }
}
