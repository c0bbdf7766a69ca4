namespace AuthFunctions.Storage;

/// <summary>The shape every <see cref="ITableClient.WriteBatchAsync"/> accepts, checked alike in every implementation.</summary>
internal static class TableBatch
{
    /// <summary>
    /// One to <see cref="ITableClient.MaxBatch"/> writes, one partition, distinct row keys: what an entity-group
    /// transaction can hold. Refused before any request, so in memory refuses what the service would.
    /// </summary>
    public static void Validate(IReadOnlyList<TableWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count is 0 or > ITableClient.MaxBatch)
        {
            throw new ArgumentException($"A batch holds 1 to {ITableClient.MaxBatch} writes.", nameof(writes));
        }

        var partition = writes[0]?.Row.PartitionKey;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var write in writes)
        {
            ArgumentNullException.ThrowIfNull(write, nameof(writes));
            if (!string.Equals(write.Row.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new ArgumentException("A batch's rows are all in one partition.", nameof(writes));
            }

            if (!keys.Add(write.Row.RowKey))
            {
                throw new ArgumentException("A batch writes each row once.", nameof(writes));
            }
        }
    }
}
