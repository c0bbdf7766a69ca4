namespace AuthFunctions.Core;

/// <summary>Every log line the app writes. None carries a code, token, secret, cookie or query string.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "OAuth__SigningKey is not set: a signing key was generated for this process (Development only). Tokens die with the process.")]
    public static partial void GeneratedSigningKey(ILogger logger);

    [LoggerMessage(2, LogLevel.Warning, "No Table Storage is configured (AzureWebJobsStorage): login state is kept in memory. For single-instance development only.")]
    public static partial void InMemoryStorage(ILogger logger);

    [LoggerMessage(3, LogLevel.Information, "Callback for {Provider} refused: state {Reason}")]
    public static partial void StateRejected(ILogger logger, string provider, string reason);

    [LoggerMessage(4, LogLevel.Information, "Provider {Provider} declined the sign-in: {Error}")]
    public static partial void ProviderDeclined(ILogger logger, string provider, string error);

    [LoggerMessage(5, LogLevel.Warning, "Sign-in with {Provider} failed ({Code}): {Detail}")]
    public static partial void ProviderFailed(ILogger logger, string provider, string code, string detail);

    // Event 6 ("Signed in with {Provider}") is gone: the audit event 100 says the same, once per sign-in.

    [LoggerMessage(7, LogLevel.Error, "Storage unavailable: {Detail}")]
    public static partial void StorageUnavailable(ILogger logger, string detail);

    [LoggerMessage(8, LogLevel.Error, "Secret unavailable: {Detail}")]
    public static partial void SecretUnavailable(ILogger logger, string detail);

    [LoggerMessage(9, LogLevel.Information, "Cleanup deleted {Count} expired rows")]
    public static partial void CleanupDone(ILogger logger, int count);

    [LoggerMessage(10, LogLevel.Error, "Cleanup failed: {Detail}")]
    public static partial void CleanupFailed(ILogger logger, string detail);

    [LoggerMessage(11, LogLevel.Warning, "Provider {Provider} unavailable at login: {Detail}")]
    public static partial void ProviderUnavailableAtLogin(ILogger logger, string provider, string detail);

    [LoggerMessage(12, LogLevel.Information, "Development: open {Url} to try the sign-in with the dev provider (no provider account needed).")]
    public static partial void DevProviderOn(ILogger logger, string url);

    [LoggerMessage(13, LogLevel.Information, "Sign-in with {Provider} refused: no OAuth__Allow rule admits the user")]
    public static partial void NotAllowed(ILogger logger, string provider);

    [LoggerMessage(14, LogLevel.Information, "Refresh refused: no OAuth__Allow rule admits the user any more; session revoked")]
    public static partial void NoLongerAllowed(ILogger logger);

    [LoggerMessage(15, LogLevel.Warning, "Users table: a sign-in was not counted; the user's row changed under every attempt")]
    public static partial void UserRowContended(ILogger logger);
}
