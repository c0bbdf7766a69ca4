using Azure.Data.Tables;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>Counts the rows the app left in Table Storage, by querying as any client would.</summary>
public static class StorageRows
{
    /// <summary>Rows in <paramref name="table"/>; 0 when the table does not exist.</summary>
    public static async Task<int> CountAsync(string connectionString, string table) => (await RowKeysAsync(connectionString, table)).Count;

    /// <summary>
    /// Row keys in <paramref name="table"/>, of one partition or (null) of all, in key order; none when the table
    /// does not exist.
    /// </summary>
    public static async Task<List<string>> RowKeysAsync(string connectionString, string table, string? partition = null)
    {
        var client = new TableClient(connectionString, table);
        var keys = new List<string>();
        try
        {
            var filter = partition is null ? null : TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
            await foreach (var row in client.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"]))
            {
                keys.Add(row.RowKey);
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
        }

        return keys;
    }

    /// <summary>Rows per table, for every table in <paramref name="tables"/>.</summary>
    public static async Task<Dictionary<string, int>> CountAsync(string connectionString, IEnumerable<string> tables)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            counts[table] = await CountAsync(connectionString, table);
        }

        return counts;
    }
}
