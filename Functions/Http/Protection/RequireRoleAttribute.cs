namespace AuthFunctions.Http.Protection;

/// <summary>
/// On a <c>[Function]</c> method: only a caller with a valid app JWT (Bearer) carrying one of these roles gets in;
/// others get 401 or 403 problem+json before the function runs. Checked by <see cref="RequireRoleMiddleware"/> under
/// the Functions host and by the standalone host's invoker, both through <see cref="RoleGate"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RequireRoleAttribute : Attribute
{
    /// <param name="roles">Any one of them will do.</param>
    public RequireRoleAttribute(params string[] roles)
    {
        if (roles.Length == 0)
        {
            throw new ArgumentException("Name at least one role.", nameof(roles));
        }

        Roles = roles;
    }

    public IReadOnlyList<string> Roles { get; }
}
