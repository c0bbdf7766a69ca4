namespace AuthFunctions.Http;

/// <summary>
/// The client's address for rate limits and audit events. Standalone it is the socket's: no forwarded header is
/// trusted. Under the Functions host the worker's ASP.NET Core integration has already applied the host's
/// X-Forwarded-For (it trusts only the host, on loopback), so the same property holds the address the host saw.
/// </summary>
internal static class ClientAddress
{
    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
