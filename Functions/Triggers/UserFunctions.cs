using AuthFunctions.Http;
using AuthFunctions.Http.Protection;
using Microsoft.Azure.Functions.Worker;

namespace AuthFunctions.Triggers;

/// <summary>The users table for admins: list, show and delete (which ends the user's sessions).</summary>
public sealed class UserFunctions(AuthHttp http, UserEndpoints endpoints)
{
    [Function("Users")]
    [RequireRole("admin")]
    public Task<IResult> Users([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "auth/users")] HttpRequest req) =>
        http.RunAsync(req, endpoints.ListAsync);

    [Function("UserById")]
    [RequireRole("admin")]
    public Task<IResult> UserById([HttpTrigger(AuthorizationLevel.Anonymous, "get", "delete", "options", Route = "auth/users/{id}")] HttpRequest req, string id) =>
        http.RunAsync(req, context => endpoints.OneAsync(context, id));
}
