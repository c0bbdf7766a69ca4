using AuthFunctions.Core;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>Family and token rows of refresh storage, counted as any client would read them.</summary>
public sealed record RefreshRows(int Families, int Tokens, int Other)
{
    /// <summary>Families and their tokens: one table, one partition per user.</summary>
    public const string Table = "RefreshFamilies";

    /// <summary>A user's partition: SHA-256 of <c>user:&lt;id&gt;</c>, base64url; also the first part of each of its refresh tokens.</summary>
    public static string PartitionOf(string userId) => Crypto.Hash("user:" + userId);

    /// <summary>The rows of one user (by id), or (null) of every user.</summary>
    public static async Task<RefreshRows> CountAsync(string connectionString, string? userId = null)
    {
        var keys = await StorageRows.RowKeysAsync(connectionString, Table, userId is null ? null : PartitionOf(userId));
        var families = keys.Count(k => k.StartsWith("f:", StringComparison.Ordinal));
        var tokens = keys.Count(k => k.StartsWith("t:", StringComparison.Ordinal));
        return new RefreshRows(families, tokens, keys.Count - families - tokens);
    }
}
