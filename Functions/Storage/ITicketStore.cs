using AuthFunctions.Providers;
using AuthFunctions.Sessions;
using AuthFunctions.SignIn;
namespace AuthFunctions.Storage;

/// <summary>Which table a one-time ticket lives in.</summary>
public enum TicketKind
{
    /// <summary>Login state, keyed by the hash of <c>state</c>.</summary>
    LoginState,

    /// <summary>Handoff codes, keyed by the hash of the code.</summary>
    Handoff,

    /// <summary>Authorization codes of the Development-only dev provider.</summary>
    DevCode,

    /// <summary>RP-initiated logout in progress, keyed by the hash of its <c>state</c>.</summary>
    LogoutState,
}

/// <summary>How taking a ticket ended.</summary>
public enum TakeOutcome
{
    Taken,
    Missing,
    Expired,

    /// <summary>Another request consumed it first.</summary>
    Lost,
}

/// <summary>The result of <see cref="ITicketStore.TakeAsync"/>.</summary>
public readonly record struct TakeResult(TakeOutcome Outcome, string? Payload)
{
    public static TakeResult Missing { get; } = new(TakeOutcome.Missing, null);

    public static TakeResult Expired { get; } = new(TakeOutcome.Expired, null);

    public static TakeResult Lost { get; } = new(TakeOutcome.Lost, null);
}

/// <summary>
/// One-time tickets with an expiry (login state, handoff codes). Keys are already hashes of the secret values.
/// Throws <see cref="StorageUnavailableException"/> when the store cannot answer; callers fail closed.
/// </summary>
public interface ITicketStore
{
    Task SaveAsync(TicketKind kind, string key, string payload, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Consumes the ticket: exactly one concurrent caller gets <see cref="TakeOutcome.Taken"/>.</summary>
    Task<TakeResult> TakeAsync(TicketKind kind, string key, CancellationToken cancellationToken);
}
