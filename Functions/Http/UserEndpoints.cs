using AuthFunctions.Core;
using AuthFunctions.Sessions;

namespace AuthFunctions.Http;

/// <summary>The admin's users API (behind <c>[RequireRole("admin")]</c>): list (paged), show one, delete one.</summary>
public sealed class UserEndpoints(UserDirectory users)
{
    private const int DefaultPageSize = 50;

    /// <summary><c>GET /api/auth/users?pageSize=&amp;next=</c>.</summary>
    public async Task<IResult> ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var pageSize = DefaultPageSize;
        if (query.TryGetValue("pageSize", out var size) && (!int.TryParse(size, out pageSize) || pageSize is < 1 or > UserDirectory.MaxPageSize))
        {
            return new ProblemResult(new FlowError(400, "invalid_request", $"pageSize must be 1 to {UserDirectory.MaxPageSize}."));
        }

        var next = query["next"].ToString();
        if (next.Length > 1024)
        {
            return new ProblemResult(new FlowError(400, "invalid_request", "next is not a token this API gave."));
        }

        var page = await users.ListAsync(pageSize, next.Length == 0 ? null : next, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(page, HttpJsonContext.Default.UserPage);
    }

    /// <summary><c>GET</c> or <c>DELETE /api/auth/users/{id}</c>; a delete revokes every session of the user first.</summary>
    public async Task<IResult> OneAsync(HttpContext context, string id)
    {
        if (HttpMethods.IsDelete(context.Request.Method))
        {
            return await users.DeleteAsync(id, context.RequestAborted).ConfigureAwait(false) ? Results.NoContent() : NotFound();
        }

        return await users.FindAsync(id, context.RequestAborted).ConfigureAwait(false) is { } user
            ? Results.Json(user, HttpJsonContext.Default.UserRecord)
            : NotFound();
    }

    private static ProblemResult NotFound() => new(new FlowError(404, "unknown_user", "No user has this id."));
}
