using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace AuthFunctions.Http.Protection;

/// <summary>
/// Under the Functions host: runs <see cref="RoleGate"/> before any function whose method has
/// <see cref="RequireRoleAttribute"/>, and answers the refusal itself so the function never runs.
/// Register with <c>builder.UseMiddleware&lt;RequireRoleMiddleware&gt;()</c> after <c>ConfigureFunctionsWebApplication()</c>.
/// </summary>
public sealed class RequireRoleMiddleware(RoleGate gate) : IFunctionsWorkerMiddleware
{
    // Function id → its attribute (or none), read once per function by reflection over its entry point.
    private readonly ConcurrentDictionary<string, RequireRoleAttribute?> _rules = new(StringComparer.Ordinal);

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var rule = _rules.GetOrAdd(context.FunctionDefinition.Id, _ => RuleOf(context.FunctionDefinition));
        if (rule is not null)
        {
            // No HttpContext means no HTTP trigger: a role on a timer is a mistake; refuse to run rather than run open.
            var http = context.GetHttpContext() ?? throw new InvalidOperationException($"[RequireRole] on {context.FunctionDefinition.Name}, which is not an HTTP function.");
            if (await gate.CheckAsync(http, rule).ConfigureAwait(false) is { } refusal)
            {
                await refusal.ExecuteAsync(http).ConfigureAwait(false);
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>The attribute on the method the entry point (<c>Namespace.Type.Method</c>) names, in the function's assembly.</summary>
    private static RequireRoleAttribute? RuleOf(FunctionDefinition function)
    {
        var dot = function.EntryPoint.LastIndexOf('.');
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => !a.IsDynamic && string.Equals(a.Location, function.PathToAssembly, StringComparison.Ordinal))
            ?? Assembly.LoadFrom(function.PathToAssembly);
        var type = assembly.GetType(function.EntryPoint[..dot], throwOnError: true)!;
        return type.GetMethod(function.EntryPoint[(dot + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)?.GetCustomAttribute<RequireRoleAttribute>();
    }
}
