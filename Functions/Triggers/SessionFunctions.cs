using AuthFunctions.Http;
using Microsoft.Azure.Functions.Worker;

namespace AuthFunctions.Triggers;

/// <summary>The endpoints an SPA calls with fetch, from its own origin: session, refresh, logout and me (CORS preflight included).</summary>
public sealed class SessionFunctions(AuthHttp http, SessionEndpoints endpoints)
{
    [Function("Session")]
    public Task<IResult> Session([HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "auth/session")] HttpRequest req) =>
        http.RunAsync(req, endpoints.SessionAsync);

    [Function("Refresh")]
    public Task<IResult> Refresh([HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "auth/refresh")] HttpRequest req) =>
        http.RunAsync(req, endpoints.RefreshAsync);

    [Function("Logout")]
    public Task<IResult> Logout([HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "auth/logout")] HttpRequest req) =>
        http.RunAsync(req, endpoints.LogoutAsync);

    [Function("Me")]
    public Task<IResult> Me([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "auth/me")] HttpRequest req) =>
        http.RunAsync(req, endpoints.MeAsync);
}
