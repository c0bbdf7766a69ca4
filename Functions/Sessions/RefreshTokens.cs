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
    public required string FamilyId { get; init; }

    /// <summary>
    /// The partition of the family's row: the hash of its user, so the user's families are one partition. Null in
    /// records written before families moved there (their row is at partition <see cref="FamilyId"/>, row "t").
    /// </summary>
    public string? FamilyPartition { get; init; }

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
/// Opaque, rotating refresh tokens (256-bit) in Table Storage, stored as hashes, grouped in families. A family's row
/// sits in its user's partition (row key: the family id), so it is its own user index and a sign-in writes two rows.
/// Every use rotates; reusing a spent token revokes the family (RFC 9700 §4.14.2) except within a short grace
/// window, where concurrent refreshes of one token (several tabs) all get the same successor. The successor is
/// derived (HMAC of the token under the family's own random key, kept in the family row) rather than stored, so
/// any instance computes the same one; the switch from live to spent is an ETag compare-and-swap, never memory.
/// (A key of the app's would not do: instances pick up a rotated signing key at different times.)
/// </summary>
public sealed class RefreshTokens(ITableClient tables, TableCreator creator, IOptions<OAuthOptions> options, TimeProvider time)
{
    private const string TokensTable = "RefreshTokens";
    private const string FamiliesTable = "RefreshFamilies";

    /// <summary>
    /// The user → family index of families written before they moved into their user's partition: still read when a
    /// user is deleted, never written; its rows expire with their families.
    /// </summary>
    private const string UserFamiliesTable = "UserFamilies";
    private const string RowKey = "t";

    /// <summary>The tables this class writes, for the expiry sweep.</summary>
    public static IReadOnlyList<ExpiringTable> Tables { get; } = [new(TokensTable), new(FamiliesTable), new(UserFamiliesTable)];

    private OAuthOptions Options => options.Value;

    /// <summary>Starts a family for a fresh sign-in; returns its first token. Two writes: the family, then the token.</summary>
    public async Task<string> IssueAsync(NormalizedUser user, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var familyId = Crypto.RandomToken(16);
        var familyPartition = UserPartition(user.Id);
        var absoluteEnd = now + Options.RefreshTokenAbsoluteLifetime;
        await creator.EnsureAsync(FamiliesTable, cancellationToken).ConfigureAwait(false);
        await creator.EnsureAsync(TokensTable, cancellationToken).ConfigureAwait(false);

        // The family first, in its user's partition: a token that exists always has its family, findable from the user.
        await InsertOrThrowAsync(FamiliesTable, new TableRow(familyPartition, familyId, absoluteEnd,
            JsonSerializer.Serialize(new RefreshFamily { SuccessorKey = Crypto.RandomToken() }, SessionsJsonContext.Default.RefreshFamily)), cancellationToken).ConfigureAwait(false);

        var token = Crypto.RandomToken();
        var record = new RefreshRecord { FamilyId = familyId, FamilyPartition = familyPartition, User = user, FamilyCreatedAt = now.ToUnixTimeSeconds() };
        await InsertOrThrowAsync(TokensTable, Row(Crypto.Hash(token), record, SlidingEnd(record, now)), cancellationToken).ConfigureAwait(false);
        return token;
    }

    /// <summary>Spends <paramref name="token"/> and returns its successor, or none (unknown, expired, revoked, reused).</summary>
    public async Task<RefreshRotation> RotateAsync(string token, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (row, record, family) = await ReadLiveFamilyAsync(token, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return RefreshRotation.None;
            }

            var now = time.GetUtcNow();
            var successor = Successor(family!, token);
            if (record.RotatedAt is null)
            {
                // Successor first, then the CAS: whoever sees the token spent can rely on the successor existing.
                var next = record with { RotatedAt = null };
                await tables.InsertAsync(TokensTable, Row(Crypto.Hash(successor), next, SlidingEnd(next, now)), cancellationToken).ConfigureAwait(false);
                var spent = Row(row!.PartitionKey, record with { RotatedAt = now.ToUnixTimeSeconds() }, row.ExpiresAt);
                if (await tables.ReplaceAsync(TokensTable, spent, row.ETag!, cancellationToken).ConfigureAwait(false) is not null)
                {
                    return new RefreshRotation(successor, record.User);
                }

                continue; // Another request spent it first: read again and take the grace path.
            }

            if (now <= DateTimeOffset.FromUnixTimeSeconds(record.RotatedAt.Value) + Options.RefreshGraceWindow)
            {
                return new RefreshRotation(successor, record.User);
            }

            // A spent token came back after the grace window: it was stolen, or the client lost its successor.
            await RevokeFamilyAsync(FamilyKeys(record), cancellationToken).ConfigureAwait(false);
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
        await creator.EnsureAsync(TokensTable, cancellationToken).ConfigureAwait(false);
        var row = await tables.GetAsync(TokensTable, Crypto.Hash(token), RowKey, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var record = Parse(row);
        await RevokeFamilyAsync(FamilyKeys(record), cancellationToken).ConfigureAwait(false);
        return record.User;
    }

    /// <summary>Revokes every session of <paramref name="userId"/> (the user was deleted); how many families it ended.</summary>
    public async Task<int> RevokeUserAsync(string userId, CancellationToken cancellationToken)
    {
        await creator.EnsureAsync(UserFamiliesTable, cancellationToken).ConfigureAwait(false);
        await creator.EnsureAsync(FamiliesTable, cancellationToken).ConfigureAwait(false);
        var partition = UserPartition(userId);
        var revoked = 0;

        // The user's partition of the families table holds the families themselves; the old index names older ones.
        foreach (var (table, keys) in new (string, Func<TableRow, (string, string)>)[]
        {
            (FamiliesTable, row => (row.PartitionKey, row.RowKey)),
            (UserFamiliesTable, row => (row.RowKey, RowKey)),
        })
        {
            string? continuation = null;
            do
            {
                var page = await tables.ListAsync(table, partition, 100, continuation, cancellationToken).ConfigureAwait(false);
                foreach (var row in page.Rows)
                {
                    await RevokeFamilyAsync(keys(row), cancellationToken).ConfigureAwait(false);
                    revoked++;
                }

                continuation = page.Continuation;
            }
            while (continuation is not null);
        }

        // Revoked families stay until the sweep: they cost little and a revoked family needs no second revocation.
        return revoked;
    }

    /// <summary>Where a token's family row is: in its user's partition, or (written before that) in a partition of its own.</summary>
    private static (string Partition, string Row) FamilyKeys(RefreshRecord record) =>
        record.FamilyPartition is { } partition ? (partition, record.FamilyId) : (record.FamilyId, RowKey);

    private static string UserPartition(string userId) => Crypto.Hash("user:" + userId);

    /// <summary>How long a new token lives: the sliding lifetime, cut at the family's absolute end.</summary>
    public DateTimeOffset SlidingEnd(RefreshRecord record, DateTimeOffset now)
    {
        var absoluteEnd = DateTimeOffset.FromUnixTimeSeconds(record.FamilyCreatedAt) + Options.RefreshTokenAbsoluteLifetime;
        var slidingEnd = now + Options.RefreshTokenSlidingLifetime;
        return slidingEnd < absoluteEnd ? slidingEnd : absoluteEnd;
    }

    private async Task<(TableRow? Row, RefreshRecord? Record, RefreshFamily? Family)> ReadLiveFamilyAsync(string token, CancellationToken cancellationToken)
    {
        if (!Crypto.IsToken43(token))
        {
            return (null, null, null);
        }

        var now = time.GetUtcNow();
        await creator.EnsureAsync(TokensTable, cancellationToken).ConfigureAwait(false);
        await creator.EnsureAsync(FamiliesTable, cancellationToken).ConfigureAwait(false);
        var row = await tables.GetAsync(TokensTable, Crypto.Hash(token), RowKey, cancellationToken).ConfigureAwait(false);
        if (row is null || row.ExpiresAt <= now)
        {
            return (null, null, null);
        }

        var record = Parse(row);
        var (familyPartition, familyRowKey) = FamilyKeys(record);
        var familyRow = await tables.GetAsync(FamiliesTable, familyPartition, familyRowKey, cancellationToken).ConfigureAwait(false);
        var family = familyRow is null ? null : JsonSerializer.Deserialize(familyRow.Payload, SessionsJsonContext.Default.RefreshFamily);
        if (familyRow is null || familyRow.ExpiresAt <= now || family is null || family.Revoked)
        {
            return (null, null, null);
        }

        return (row, record, family);
    }

    private async Task RevokeFamilyAsync((string Partition, string Row) keys, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var row = await tables.GetAsync(FamiliesTable, keys.Partition, keys.Row, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                return;
            }

            var family = JsonSerializer.Deserialize(row.Payload, SessionsJsonContext.Default.RefreshFamily)! with { Revoked = true };
            var revoked = row with { Payload = JsonSerializer.Serialize(family, SessionsJsonContext.Default.RefreshFamily) };
            if (await tables.ReplaceAsync(FamiliesTable, revoked, row.ETag!, cancellationToken).ConfigureAwait(false) is not null)
            {
                return;
            }
        }

        throw new StorageUnavailableException("Could not revoke a refresh family.");
    }

    /// <summary>The successor of a token: HMAC-SHA256 under the family's key, base64url (256 bits).</summary>
    private static string Successor(RefreshFamily family, string token) =>
        Base64UrlEncoder.Encode(HMACSHA256.HashData(Base64UrlEncoder.DecodeBytes(family.SuccessorKey), Encoding.ASCII.GetBytes(token)));

    private async Task InsertOrThrowAsync(string table, TableRow row, CancellationToken cancellationToken)
    {
        if (!await tables.InsertAsync(table, row, cancellationToken).ConfigureAwait(false))
        {
            throw new StorageUnavailableException("Refresh token key collision.");
        }
    }

    private static TableRow Row(string key, RefreshRecord record, DateTimeOffset expiresAt) =>
        new(key, RowKey, expiresAt, JsonSerializer.Serialize(record, SessionsJsonContext.Default.RefreshRecord));

    private static RefreshRecord Parse(TableRow row) => JsonSerializer.Deserialize(row.Payload, SessionsJsonContext.Default.RefreshRecord)!;
}
