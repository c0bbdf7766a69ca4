using AuthFunctions.Providers;
using AuthFunctions.Sessions;
using AuthFunctions.SignIn;
namespace AuthFunctions.Storage;

/// <summary>
/// Tickets in Table Storage. Table Storage has no TTL: every read checks ExpiresAt, and <see cref="ExpiredRowSweeper"/>
/// deletes what has expired. Consumption is read, then delete with If-Match: only the 204 wins.
/// </summary>
public sealed class TableTicketStore(ITableClient tables, TableCreator creator, TimeProvider time) : ITicketStore
{
    private const string RowKey = "t";

    public static string TableName(TicketKind kind) => kind switch
    {
        TicketKind.LoginState => "LoginStates",
        TicketKind.Handoff => "Handoffs",
        TicketKind.DevCode => "DevCodes",
        TicketKind.LogoutState => "LogoutStates",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public async Task SaveAsync(TicketKind kind, string key, string payload, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var table = await EnsureTableAsync(kind, cancellationToken).ConfigureAwait(false);
        if (!await tables.InsertAsync(table, new TableRow(key, RowKey, expiresAt, payload), cancellationToken).ConfigureAwait(false))
        {
            // 256-bit random keys do not collide; a conflict means something is wrong, so fail closed.
            throw new StorageUnavailableException("Ticket key collision.");
        }
    }

    public async Task<TakeResult> TakeAsync(TicketKind kind, string key, CancellationToken cancellationToken)
    {
        var table = await EnsureTableAsync(kind, cancellationToken).ConfigureAwait(false);
        var row = await tables.GetAsync(table, key, RowKey, cancellationToken).ConfigureAwait(false);
        if (row?.ETag is null)
        {
            return TakeResult.Missing;
        }

        var won = await tables.DeleteAsync(table, key, RowKey, row.ETag, cancellationToken).ConfigureAwait(false);
        if (!won)
        {
            return TakeResult.Lost;
        }

        return row.ExpiresAt <= time.GetUtcNow() ? TakeResult.Expired : new TakeResult(TakeOutcome.Taken, row.Payload);
    }

    private Task<string> EnsureTableAsync(TicketKind kind, CancellationToken cancellationToken) =>
        creator.EnsureAsync(TableName(kind), cancellationToken);
}
