using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using AuthFunctions.Http.Protection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthFunctions.Hosting;

/// <summary>
/// Without the Functions host, serves the same function methods on Kestrel: each <c>[Function]</c> with an
/// <c>[HttpTrigger]</c> is mapped on its own route and methods, under host.json's <c>routePrefix</c>, honouring
/// <c>AzureWebJobs.{name}.Disabled</c> as the host does. Parameters bind as in the worker: the request, route
/// values by name, the cancellation token. <c>[RequireRole]</c> is checked by the same gate the worker middleware uses.
/// </summary>
internal static class FunctionEndpoints
{
    public static IReadOnlyList<HttpFunction> Discover(Assembly assembly) =>
        [.. from type in assembly.GetExportedTypes()
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            let function = method.GetCustomAttribute<FunctionAttribute>()
            where function is not null
            let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(t => t is not null)
            where trigger is not null
            select new HttpFunction(function.Name, trigger.Route ?? function.Name, trigger.Methods ?? [], type, method)];

    /// <summary>
    /// Registers the classes that declare <paramref name="functions"/>, a new instance per invocation as in the worker.
    /// The container builds them by reflection at first and compiles its own resolver later, off the request: nothing
    /// is compiled at start-up or in the way of the first request.
    /// </summary>
    public static void AddFunctionClasses(this IServiceCollection services, IEnumerable<HttpFunction> functions)
    {
        foreach (var type in functions.Select(f => f.Type).Distinct())
        {
            services.TryAddTransient(type);
        }
    }

    public static void MapFunctions(this IEndpointRouteBuilder app, IEnumerable<HttpFunction> functions, IConfiguration configuration, string routePrefix)
    {
        foreach (var function in functions)
        {
            if (string.Equals(configuration[$"AzureWebJobs.{function.Name}.Disabled"], "true", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var invoke = Invoker(function);
            var pattern = string.IsNullOrEmpty(routePrefix) ? function.Route : routePrefix + "/" + function.Route;
            app.Map(pattern, invoke).WithDisplayName(function.Name);
        }
    }

    /// <summary>host.json's <c>extensions.http.routePrefix</c> beside the app, as the worker itself reads it; default <c>api</c>.</summary>
    public static string RoutePrefix(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "host.json");
        if (!File.Exists(path))
        {
            return "api";
        }

        return StringAt(File.ReadAllBytes(path), ["extensions", "http", "routePrefix"]) ?? "api";
    }

    /// <summary>
    /// The string at <paramref name="path"/> (property names from the root object), or null. A reader, not a
    /// JsonDocument: this runs at every start, and a JsonDocument's first parse costs milliseconds of start-up.
    /// </summary>
    private static string? StringAt(ReadOnlySpan<byte> json, string[] path)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var level = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var matches = reader.ValueTextEquals(path[level]);
            reader.Read();
            if (!matches)
            {
                reader.Skip();
            }
            else if (level == path.Length - 1)
            {
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                level++;
            }
            else
            {
                return null;
            }
        }

        return null;
    }

    private static RequestDelegate Invoker(HttpFunction function)
    {
        var parameters = function.Method.GetParameters();
        if (parameters.FirstOrDefault(p => p.ParameterType != typeof(HttpRequest) && p.ParameterType != typeof(string) && p.ParameterType != typeof(CancellationToken)) is { } unbindable)
        {
            throw new InvalidOperationException($"Function {function.Name}: parameter {unbindable.Name} of type {unbindable.ParameterType.Name} cannot be bound outside the Functions host.");
        }

        var methods = function.Methods.Select(m => m.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        var rule = function.Method.GetCustomAttribute<RequireRoleAttribute>();
        return async context =>
        {
            // The Functions host answers a method the function does not take with 404, not endpoint routing's 405.
            if (methods.Count > 0 && !methods.Contains(context.Request.Method.ToUpperInvariant()))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            // The worker runs RequireRoleMiddleware here; this host has no worker middleware, so it runs the same gate.
            if (rule is not null && await context.RequestServices.GetRequiredService<RoleGate>().CheckAsync(context, rule).ConfigureAwait(false) is { } refusal)
            {
                await refusal.ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            var target = context.RequestServices.GetRequiredService(function.Type);
            var args = parameters.Select(p => p.ParameterType == typeof(HttpRequest) ? context.Request
                : p.ParameterType == typeof(CancellationToken) ? context.RequestAborted
                : (object?)context.Request.RouteValues[p.Name!]?.ToString()).ToArray();
            object? returned;
            try
            {
                returned = function.Method.Invoke(target, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }

            var result = returned switch
            {
                Task<IResult> task => await task.ConfigureAwait(false),
                IResult r => r,
                _ => throw new InvalidOperationException($"Function {function.Name} must return IResult or Task<IResult>."),
            };
            await result.ExecuteAsync(context).ConfigureAwait(false);
        };
    }
}

/// <summary>An HTTP-triggered function as its attributes declare it.</summary>
internal sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods, Type Type, MethodInfo Method);
