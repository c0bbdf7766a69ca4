using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Storage;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Sessions;

/// <summary>One stored refresh token (keyed by its hash; the token itself is never stored).</summary>
public sealed record RefreshRecord
{
    /// <summary>The family's id: its row is <c>f:&lt;id&gt;</c> in this token's partition.</summary>
    public required string FamilyId { get; init; }

    public required NormalizedUser User { get; init; }

    /// <summary>When the family began (unix seconds): the absolute lifetime counts from here.</summary>
    public required long FamilyCreatedAt { get; init; }

    /// <summary>When this token was spent (unix seconds); null while it is the family's live token.</summary>
    public long? RotatedAt { get; init; }
}

/// <summary>A refresh family: every token descended from one sign-in. Revoking it ends them all.</summary>
public sealed record RefreshFamily
{
    public bool Revoked { get; init; }

    /// <summary>The family's own random HMAC key: successors are derived under it, so every instance agrees on them.</summary>
    public required string SuccessorKey { get; init; }
}

/// <summary>
/// Opaque, rotating refresh tokens in Table Storage, stored as hashes, grouped in families. A user's families and
/// their tokens share one partition of one table, the user's (SHA-256 of "user:" + id): family rows are keyed
/// <c>f:&lt;family id&gt;</c>, token rows <c>t:&lt;hash of the token&gt;</c>, so the partition is the user's index of
/// families and a sign-in writes its family and first token as one entity-group transaction (one round trip).
/// A token is <c>&lt;user partition&gt;.&lt;256 random bits&gt;</c>, both parts base64url: it says where its row is,
/// and its hash, not its partition part, finds the row, so a token with another partition finds nothing.
/// Every use rotates; reusing a spent token revokes the family (RFC 9700 §4.14.2) except within a short grace
/// window, where concurrent refreshes of one token (several tabs) all get the same successor. The successor is
/// derived (HMAC of the token under the family's own random key, kept in the family row) rather than stored, so
/// any instance computes the same one; the switch from live to spent is an ETag compare-and-swap, never memory, in
/// the same transaction that writes the successor.
/// (A key of the app's would not do: instances pick up a rotated signing key at different times.)
/// Tokens of the layout before (43 characters, in their own table) are not read: their holders sign in again.
/// </summary>
public sealed class RefreshTokens(ITableClient tables, TableCreator creator, IOptions<OAuthOptions> options, TimeProvider time)
{
    /// <summary>Families and their tokens. The name predates the tokens moving in.</summary>
    private const string Table = "RefreshFamilies";

    /// <summary>
    /// Retired: tokens in a table of their own and an index of families by user, the layout before. Never read or
    /// written; only swept, so their rows (none outlives the absolute lifetime) expire away where they exist. Drop
    /// them, here and in infra/main.bicep, once this layout has run longer than that lifetime.
    /// </summary>
    private const string RetiredTokensTable = "RefreshTokens";

    /// <inheritdoc cref="RetiredTokensTable"/>
    private const string RetiredUserFamiliesTable = "UserFamilies";

    private const string FamilyPrefix = "f:";
    private const string TokenPrefix = "t:";

    /// <summary>The tables this class writes, and the retired ones, for the expiry sweep.</summary>
    public static IReadOnlyList<ExpiringTable> Tables { get; } = [new(Table), new(RetiredTokensTable), new(RetiredUserFamiliesTable)];

    private OAuthOptions Options => options.Value;

    /// <summary>Starts a family for a fresh sign-in; returns its first token. One round trip: family and token in one transaction.</summary>
    public async Task<string> IssueAsync(NormalizedUser user, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var partition = UserPartition(user.Id);
        var familyId = Crypto.RandomToken(16);
        var absoluteEnd = now + Options.RefreshTokenAbsoluteLifetime;
        var token = partition + "." + Crypto.RandomToken();
        var record = new RefreshRecord { FamilyId = familyId, User = user, FamilyCreatedAt = now.ToUnixTimeSeconds() };
        var family = new TableRow(partition, FamilyPrefix + familyId, absoluteEnd,
            JsonSerializer.Serialize(new RefreshFamily { SuccessorKey = Crypto.RandomToken() }, SessionsJsonContext.Default.RefreshFamily));
        await creator.EnsureAsync(Table, cancellationToken).ConfigureAwait(false);

        // All or none: a token that exists always has its family.
        TableWrite[] writes = [TableWrite.Insert(family), TableWrite.Insert(Row(token, record, SlidingEnd(record, now)))];
        if (!await tables.WriteBatchAsync(Table, writes, cancellationToken).ConfigureAwait(false))
        {
            throw new StorageUnavailableException("Refresh token key collision.");
        }

        return token;
    }

    /// <summary>
    /// Spends <paramref name="token"/> and returns its successor, or none (unknown, expired, revoked, reused). Three
    /// round trips: the token, its family, and one transaction of the successor and the spent token.
    /// </summary>
    public async Task<RefreshRotation> RotateAsync(string token, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (row, record, family) = await ReadLiveFamilyAsync(token, cancellationToken).ConfigureAwait(false);
            if (row is null || record is null || family is null)
            {
                return RefreshRotation.None;
            }

            var now = time.GetUtcNow();
            var successor = Successor(family, token);
            if (record.RotatedAt is null)
            {
                // The successor and the CAS that spends this token, in one transaction: whoever sees the token spent
                // can rely on the successor existing, and no successor exists beside a live token.
                var spent = row with { Payload = Serialize(record with { RotatedAt = now.ToUnixTimeSeconds() }) };
                TableWrite[] writes = [TableWrite.Insert(Row(successor, record, SlidingEnd(record, now))), TableWrite.Replace(spent, row.ETag!)];
                if (await tables.WriteBatchAsync(Table, writes, cancellationToken).ConfigureAwait(false))
                {
                    return new RefreshRotation(successor, record.User);
                }

                continue; // Another request spent it first (its successor exists, the ETag moved on): read again, take the grace path.
            }

            if (now <= DateTimeOffset.FromUnixTimeSeconds(record.RotatedAt.Value) + Options.RefreshGraceWindow)
            {
                return new RefreshRotation(successor, record.User);
            }

            // A spent token came back after the grace window: it was stolen, or the client lost its successor.
            await RevokeFamilyAsync(row.PartitionKey, FamilyPrefix + record.FamilyId, cancellationToken).ConfigureAwait(false);
            return new RefreshRotation(null, null, ReusedBy: record.User);
        }

        return RefreshRotation.None;
    }

    /// <summary>The user of a live token without rotating it (cookie-mode <c>/me</c>).</summary>
    public async Task<NormalizedUser?> PeekAsync(string token, CancellationToken cancellationToken)
    {
        var (_, record, _) = await ReadLiveFamilyAsync(token, cancellationToken).ConfigureAwait(false);
        return record is { RotatedAt: null } ? record.User : null;
    }

    /// <summary>Revokes the family <paramref name="token"/> belongs to (logout); its user, or null for an unknown token.</summary>
    public async Task<NormalizedUser?> RevokeAsync(string token, CancellationToken cancellationToken)
    {
        if (PartitionOf(token) is not { } partition)
        {
            return null;
        }

        var row = await TokenRowAsync(partition, token, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var record = Parse(row);
        await RevokeFamilyAsync(partition, FamilyPrefix + record.FamilyId, cancellationToken).ConfigureAwait(false);
        return record.User;
    }

    /// <summary>Revokes every session of <paramref name="userId"/> (the user was deleted); how many families it ended.</summary>
    public async Task<int> RevokeUserAsync(string userId, CancellationToken cancellationToken)
    {
        await creator.EnsureAsync(Table, cancellationToken).ConfigureAwait(false);
        var partition = UserPartition(userId);
        var revoked = 0;
        string? continuation = null;
        do
        {
            var page = await tables.ListAsync(Table, partition, 100, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var row in page.Rows)
            {
                // Key order puts every "f:" family before the first "t:" token: past it there is no family left.
                if (!row.RowKey.StartsWith(FamilyPrefix, StringComparison.Ordinal))
                {
                    return revoked;
                }

                await RevokeFamilyAsync(partition, row.RowKey, cancellationToken).ConfigureAwait(false);
                revoked++;
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        // Revoked families stay until the sweep: they cost little and a revoked family needs no second revocation.
        return revoked;
    }

    private static string UserPartition(string userId) => Crypto.Hash("user:" + userId);

    /// <summary>
    /// The partition a token names, or null when it is not <c>&lt;43 base64url&gt;.&lt;43 base64url&gt;</c>: checked
    /// before any storage call, so nothing malformed reaches a key.
    /// </summary>
    private static string? PartitionOf(string? token) =>
        token is { Length: 87 } && token[43] == '.' && Crypto.IsToken43(token.AsSpan(0, 43)) && Crypto.IsToken43(token.AsSpan(44))
            ? token[..43]
            : null;

    /// <summary>How long a new token lives: the sliding lifetime, cut at the family's absolute end.</summary>
    public DateTimeOffset SlidingEnd(RefreshRecord record, DateTimeOffset now)
    {
        var absoluteEnd = DateTimeOffset.FromUnixTimeSeconds(record.FamilyCreatedAt) + Options.RefreshTokenAbsoluteLifetime;
        var slidingEnd = now + Options.RefreshTokenSlidingLifetime;
        return slidingEnd < absoluteEnd ? slidingEnd : absoluteEnd;
    }

    private async Task<(TableRow? Row, RefreshRecord? Record, RefreshFamily? Family)> ReadLiveFamilyAsync(string token, CancellationToken cancellationToken)
    {
        if (PartitionOf(token) is not { } partition)
        {
            return (null, null, null);
        }

        var now = time.GetUtcNow();
        var row = await TokenRowAsync(partition, token, cancellationToken).ConfigureAwait(false);
        if (row is null || row.ExpiresAt <= now)
        {
            return (null, null, null);
        }

        var record = Parse(row);
        var familyRow = await tables.GetAsync(Table, partition, FamilyPrefix + record.FamilyId, cancellationToken).ConfigureAwait(false);
        var family = familyRow is null ? null : JsonSerializer.Deserialize(familyRow.Payload, SessionsJsonContext.Default.RefreshFamily);
        if (familyRow is null || familyRow.ExpiresAt <= now || family is null || family.Revoked)
        {
            return (null, null, null);
        }

        return (row, record, family);
    }

    /// <summary>The stored row of <paramref name="token"/> (found by its hash, never the token), expired or not.</summary>
    private async Task<TableRow?> TokenRowAsync(string partition, string token, CancellationToken cancellationToken)
    {
        await creator.EnsureAsync(Table, cancellationToken).ConfigureAwait(false);
        return await tables.GetAsync(Table, partition, TokenPrefix + Crypto.Hash(token), cancellationToken).ConfigureAwait(false);
    }

    private async Task RevokeFamilyAsync(string partition, string familyKey, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var row = await tables.GetAsync(Table, partition, familyKey, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                return;
            }

            var family = JsonSerializer.Deserialize(row.Payload, SessionsJsonContext.Default.RefreshFamily)! with { Revoked = true };
            var revoked = row with { Payload = JsonSerializer.Serialize(family, SessionsJsonContext.Default.RefreshFamily) };
            if (await tables.ReplaceAsync(Table, revoked, row.ETag!, cancellationToken).ConfigureAwait(false) is not null)
            {
                return;
            }
        }

        throw new StorageUnavailableException("Could not revoke a refresh family.");
    }

    /// <summary>
    /// The successor of a token: in the same partition, with HMAC-SHA256 of the whole token under the family's key
    /// (256 bits, base64url) as its secret part.
    /// </summary>
    private static string Successor(RefreshFamily family, string token) =>
        token[..44] + Base64UrlEncoder.Encode(HMACSHA256.HashData(Base64UrlEncoder.DecodeBytes(family.SuccessorKey), Encoding.ASCII.GetBytes(token)));

    /// <summary>A token's row: in the partition the token names, keyed by the token's hash.</summary>
    private static TableRow Row(string token, RefreshRecord record, DateTimeOffset expiresAt) =>
        new(token[..43], TokenPrefix + Crypto.Hash(token), expiresAt, Serialize(record));

    private static string Serialize(RefreshRecord record) => JsonSerializer.Serialize(record, SessionsJsonContext.Default.RefreshRecord);

    private static RefreshRecord Parse(TableRow row) => JsonSerializer.Deserialize(row.Payload, SessionsJsonContext.Default.RefreshRecord)!;
}
