namespace AuthFunctions.Storage;

/// <summary>The shape every <see cref="ITableClient.InsertBatchAsync"/> accepts, checked alike in every implementation.</summary>
internal static class TableBatch
{
    /// <summary>
    /// One to <see cref="ITableClient.MaxBatch"/> rows, one partition, distinct row keys: what an entity-group
    /// transaction can hold. Refused before any request, so in memory refuses what the service would.
    /// </summary>
    public static void Validate(IReadOnlyList<TableRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count is 0 or > ITableClient.MaxBatch)
        {
            throw new ArgumentException($"A batch holds 1 to {ITableClient.MaxBatch} rows.", nameof(rows));
        }

        var partition = rows[0].PartitionKey;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            if (!string.Equals(row.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new ArgumentException("A batch's rows are all in one partition.", nameof(rows));
            }

            if (!keys.Add(row.RowKey))
            {
                throw new ArgumentException("A batch writes each row once.", nameof(rows));
            }
        }
    }
}
