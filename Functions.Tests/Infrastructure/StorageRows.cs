using Azure.Data.Tables;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>Counts the rows the app left in Table Storage, by querying as any client would.</summary>
public static class StorageRows
{
    /// <summary>Rows in <paramref name="table"/>; 0 when the table does not exist.</summary>
    public static Task<int> CountAsync(string connectionString, string table) => CountAsync(connectionString, table, payloadContains: null);

    /// <summary>Rows in <paramref name="table"/> whose payload contains <paramref name="payloadContains"/> (all when null).</summary>
    public static async Task<int> CountAsync(string connectionString, string table, string? payloadContains)
    {
        var client = new TableClient(connectionString, table);
        var count = 0;
        try
        {
            await foreach (var row in client.QueryAsync<TableEntity>(select: ["PartitionKey", "Payload"]))
            {
                count += payloadContains is null || (row.GetString("Payload") ?? "").Contains(payloadContains, StringComparison.Ordinal) ? 1 : 0;
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
        }

        return count;
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
