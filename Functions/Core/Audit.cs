namespace AuthFunctions.Core;

/// <summary>
/// Audit events: one per sign-in outcome, session redemption, refresh reuse, logout and rate-limit hit, with
/// stable event ids (100–104) for queries. They carry the provider, an outcome code, a hash of the user id and
/// the client address; never a secret, code, token or cookie.
/// </summary>
internal static partial class Audit
{
    [LoggerMessage(100, LogLevel.Information, "Audit sign-in: {Provider} {Outcome} user {UserHash} from {ClientAddress}")]
    public static partial void SignIn(ILogger logger, string provider, string outcome, string userHash, string clientAddress);

    [LoggerMessage(101, LogLevel.Information, "Audit session: {Outcome} user {UserHash} from {ClientAddress}")]
    public static partial void Session(ILogger logger, string outcome, string userHash, string clientAddress);

    [LoggerMessage(102, LogLevel.Warning, "Audit refresh reuse: a spent refresh token came back; family revoked, user {UserHash} from {ClientAddress}")]
    public static partial void RefreshReuse(ILogger logger, string userHash, string clientAddress);

    [LoggerMessage(103, LogLevel.Information, "Audit logout: {Outcome} user {UserHash} from {ClientAddress}")]
    public static partial void Logout(ILogger logger, string outcome, string userHash, string clientAddress);

    [LoggerMessage(104, LogLevel.Warning, "Audit rate limit: {Endpoint} {Provider} from {ClientAddress}")]
    public static partial void RateLimited(ILogger logger, string endpoint, string provider, string clientAddress);

    /// <summary>A stable pseudonym of a user id: the same user gives the same hash, the hash gives no id back.</summary>
    public static string UserHash(string? userId) => userId is null ? "-" : Crypto.Hash("audit:" + userId)[..16];
}
