using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Storage;

namespace AuthFunctions.Sessions;

/// <summary>
/// The users table: one row per account (partition: the provider; row: the escaped subject), upserted on every
/// sign-in with a compare-and-swap so concurrent sign-ins count both (under heavy contention one may go uncounted
/// rather than fail the sign-in; storage being down still fails it). Rows never expire; deleting a user also
/// revokes all of its sessions.
/// </summary>
public sealed class UserDirectory(ITableClient tables, TableCreator creator, RefreshTokens refreshTokens, TimeProvider time, ILogger<UserDirectory> logger)
{
    private const string Table = "Users";

    /// <summary>Table Storage's largest date: the sweep never finds a user row expired.</summary>
    private static readonly DateTimeOffset Never = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const int MaxPageSize = 100;

    /// <summary>
    /// Records a sign-in of <paramref name="user"/>: a new row, or the latest profile, last seen and one more sign-in.
    /// Returns the user with the stored name when this sign-in brought none: Apple, for one, sends the name only on the
    /// first sign-in, and without this it would be gone from the second one on.
    /// </summary>
    public async Task<NormalizedUser> RecordSignInAsync(NormalizedUser user, CancellationToken cancellationToken)
    {
        await creator.EnsureAsync(Table, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var row = await tables.GetAsync(Table, user.Provider, RowKeyOf(user.Subject), cancellationToken).ConfigureAwait(false);
            var before = row is null ? null : Parse(row);
            var name = user.Name ?? before?.Name;
            var record = new UserRecord
            {
                Id = user.Id, Provider = user.Provider, Subject = user.Subject, Name = name, Email = user.Email,
                EmailVerified = user.EmailVerified, AvatarUrl = user.AvatarUrl,
                FirstSeen = before?.FirstSeen ?? now, LastSeen = now, SignIns = (before?.SignIns ?? 0) + 1,
            };
            var next = new TableRow(user.Provider, RowKeyOf(user.Subject), Never, JsonSerializer.Serialize(record, SessionsJsonContext.Default.UserRecord));
            var written = row is null
                ? await tables.InsertAsync(Table, next, cancellationToken).ConfigureAwait(false)
                : await tables.ReplaceAsync(Table, next, row.ETag!, cancellationToken).ConfigureAwait(false) is not null;
            if (written)
            {
                return user.Name is null && name is not null ? user with { Name = name } : user;
            }
        }

        // Many tabs of one user signing in at once: the sign-in matters more than an exact count.
        Log.UserRowContended(logger);
        return user;
    }

    /// <summary>One page of users in key order (provider, then subject).</summary>
    public async Task<UserPage> ListAsync(int pageSize, string? next, CancellationToken cancellationToken)
    {
        await creator.EnsureAsync(Table, cancellationToken).ConfigureAwait(false);
        var page = await tables.ListAsync(Table, partitionKey: null, Math.Clamp(pageSize, 1, MaxPageSize), next, cancellationToken).ConfigureAwait(false);
        return new UserPage([.. page.Rows.Select(Parse)], page.Continuation);
    }

    public async Task<UserRecord?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        if (Keys(userId) is not { } keys)
        {
            return null;
        }

        var (pk, rk) = keys;

        await creator.EnsureAsync(Table, cancellationToken).ConfigureAwait(false);
        return await tables.GetAsync(Table, pk, rk, cancellationToken).ConfigureAwait(false) is { } row ? Parse(row) : null;
    }

    /// <summary>Revokes every session of the user, then removes its row; false when there is no such user.</summary>
    public async Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        if (Keys(userId) is not { } keys)
        {
            return false;
        }

        var (pk, rk) = keys;

        await creator.EnsureAsync(Table, cancellationToken).ConfigureAwait(false);
        var row = await tables.GetAsync(Table, pk, rk, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return false;
        }

        // Sessions first: should the delete of the row fail, the user is still listed and can be deleted again.
        await refreshTokens.RevokeUserAsync(userId, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < 5 && row is not null; attempt++)
        {
            if (await tables.DeleteAsync(Table, pk, rk, row.ETag!, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            // A sign-in updated it meanwhile: delete the newer version.
            row = await tables.GetAsync(Table, pk, rk, cancellationToken).ConfigureAwait(false);
        }

        return row is null;
    }

    /// <summary>Subjects may hold characters table keys refuse (<c>/ \ # ?</c>, controls): escaped, they cannot.</summary>
    private static string RowKeyOf(string subject) => Uri.EscapeDataString(subject);

    private static (string Partition, string Row)? Keys(string userId)
    {
        var colon = userId.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < userId.Length - 1 && userId.Length <= 600
            ? (userId[..colon], RowKeyOf(userId[(colon + 1)..]))
            : null;
    }

    private static UserRecord Parse(TableRow row) => JsonSerializer.Deserialize(row.Payload, SessionsJsonContext.Default.UserRecord)!;
}
