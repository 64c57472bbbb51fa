using System.Text.RegularExpressions;
using MiniCollector.Otlp.Common;
using MiniCollector.Pipeline.Config;
using MiniCollector.Processors.Shared.Attributes;

namespace MiniCollector.Processors.Shared.Actions;

/// <summary>
/// Binds a list of actions (<c>actions</c> of the attributes processor, <c>attributes</c> of the resource processor)
/// with the reference's rules: which keys each action needs and which it must not have. Every problem is reported
/// with the item's path (<c>…::actions[2]</c>).
/// </summary>
internal static class AttributeActionsBinder
{
    private static readonly string[] ActionNames = ["insert", "update", "upsert", "delete", "hash", "extract", "convert"];

    /// <summary>The actions under <paramref name="key"/>; an error when the list is missing or empty.</summary>
    public static AttributeActions Bind(ConfigSection section, string key)
    {
        var actions = new List<AttributeAction>();
        var node = section.NodeOf(key);
        if (node is not ConfigList list || list.Items.Count == 0)
        {
            if (node is not null and not ConfigList and not ConfigScalar { Value: null })
            {
                section.Invalid(key, $"expected a list of actions, found {node.Describe()}");
            }
            else
            {
                section.Invalid(key, $"missing required field \"{key}\"");
            }

            return new AttributeActions(actions);
        }

        for (int i = 0; i < list.Items.Count; i++)
        {
            var item = new ConfigSection(list.Items[i], $"{section.Path}::{key}[{i}]", section.Errors);
            if (BindOne(item) is { } action)
            {
                actions.Add(action);
            }
        }

        return new AttributeActions(actions);
    }

    private static AttributeAction? BindOne(ConfigSection item)
    {
        var key = NonEmpty(item.StringOrNull("key"));
        var actionText = item.StringOrNull("action");
        var value = ConfigValue.From(item.NodeOf("value"));
        var defaultValue = ConfigValue.From(item.NodeOf("default_value"));
        var pattern = NonEmpty(item.StringOrNull("pattern"));
        var fromAttribute = NonEmpty(item.StringOrNull("from_attribute"));
        var fromContext = NonEmpty(item.StringOrNull("from_context"));
        var convertedType = NonEmpty(item.StringOrNull("converted_type"));
        item.ReportUnknownKeys();

        // The reference compares action names case-insensitively.
        var action = actionText?.ToLowerInvariant();
        if (action is null || Array.IndexOf(ActionNames, action) < 0)
        {
            item.Invalid("action", action is null
                ? $"missing required field \"action\" (valid values: {string.Join(", ", ActionNames)})"
                : $"unsupported action \"{actionText}\" (valid values: {string.Join(", ", ActionNames)})");
            return null;
        }

        int sources = (value is null ? 0 : 1) + (fromAttribute is null ? 0 : 1) + (fromContext is null ? 0 : 1);
        int errorsBefore = item.Errors.Items.Count;
        if (action is "delete" or "hash")
        {
            if (key is null && pattern is null)
            {
                item.Invalid($"action \"{action}\" needs \"key\" and/or \"pattern\"");
            }
        }
        else if (key is null)
        {
            item.Invalid("key", "missing required field \"key\"");
        }

        switch (action)
        {
            case "insert" or "update" or "upsert":
                if (sources == 0 && defaultValue is null)
                {
                    item.Invalid($"action \"{action}\" needs one of \"value\", \"from_attribute\", \"from_context\" or \"default_value\"");
                }

                if (sources > 1)
                {
                    item.Invalid($"action \"{action}\" takes only one of \"value\", \"from_attribute\" and \"from_context\"");
                }

                Forbid(item, action, pattern, "pattern");
                Forbid(item, action, convertedType, "converted_type");
                CheckContextKey(item, fromContext);
                var source = new ValueSource(value, fromAttribute, fromContext, defaultValue);
                return Built(item, errorsBefore, () => action switch
                {
                    "insert" => new InsertAction(key!, source),
                    "update" => new UpdateAction(key!, source),
                    _ => new UpsertAction(key!, source),
                });

            case "delete" or "hash":
                if (value is not null || fromAttribute is not null)
                {
                    item.Invalid($"action \"{action}\" does not use \"value\" or \"from_attribute\"");
                }

                Forbid(item, action, convertedType, "converted_type");
                var regex = pattern is null ? null : Compile(item, pattern);
                var keys = new KeySelection(key, regex);
                return Built(item, errorsBefore, () => action == "delete" ? new DeleteAction(keys) : new HashAction(keys));

            case "extract":
                if (sources > 0)
                {
                    item.Invalid("action \"extract\" does not use \"value\", \"from_attribute\" or \"from_context\"");
                }

                Forbid(item, action, convertedType, "converted_type");
                if (pattern is null)
                {
                    item.Invalid("pattern", "missing required field \"pattern\" for action \"extract\"");
                    return null;
                }

                var extract = Compile(item, pattern);
                var names = extract is null ? [] : GroupNames(item, extract);
                return Built(item, errorsBefore, () => new ExtractAction(key!, extract!, names));

            default:
                if (sources > 0 || pattern is not null)
                {
                    item.Invalid("action \"convert\" does not use \"value\", \"from_attribute\", \"from_context\" or \"pattern\"");
                }

                ConvertedType? to = convertedType switch
                {
                    "int" => ConvertedType.Int,
                    "double" => ConvertedType.Double,
                    "string" => ConvertedType.String,
                    _ => null,
                };
                if (to is null)
                {
                    item.Invalid("converted_type", convertedType is null
                        ? "missing required field \"converted_type\" for action \"convert\" (valid values: int, double, string)"
                        : $"invalid value \"{convertedType}\" (valid values: int, double, string)");
                }

                return Built(item, errorsBefore, () => new ConvertAction(key!, to!.Value));
        }
    }

    // Builds the action only when binding it reported nothing.
    private static AttributeAction? Built(ConfigSection item, int errorsBefore, Func<AttributeAction> build)
        => item.Errors.Items.Count == errorsBefore ? build() : null;

    private static void Forbid(ConfigSection item, string action, string? given, string key)
    {
        if (given is not null)
        {
            item.Invalid(key, $"action \"{action}\" does not use \"{key}\"");
        }
    }

    // Only the request's metadata travels with data here; the authenticators keep no attributes and the receiver
    // passes no client address, so those keys could never find a value: say so instead of doing nothing forever.
    private static void CheckContextKey(ConfigSection item, string? fromContext)
    {
        if (fromContext is not null && (fromContext.StartsWith("auth.", StringComparison.Ordinal) || fromContext == "client.address"))
        {
            item.Invalid("from_context", $"\"{fromContext}\" is not supported: only request metadata (\"metadata.<key>\", with include_metadata on the receiver) is available");
        }
    }

    private static Regex? Compile(ConfigSection item, string pattern)
    {
        var regex = ConfigRegex.TryCompile(pattern, out var error);
        if (regex is null)
        {
            item.Invalid("pattern", $"invalid pattern \"{pattern}\": {error}");
        }

        return regex;
    }

    // extract sets one attribute per group, so every group must be named and there must be at least one.
    private static IReadOnlyList<string> GroupNames(ConfigSection item, Regex regex)
    {
        var names = new List<string>();
        foreach (var number in regex.GetGroupNumbers())
        {
            if (number == 0)
            {
                continue;
            }

            var name = regex.GroupNameFromNumber(number);
            if (int.TryParse(name, out _))
            {
                item.Invalid("pattern", "\"pattern\" contains at least one unnamed matcher group");
                return [];
            }

            names.Add(name);
        }

        if (names.Count == 0)
        {
            item.Invalid("pattern", "\"pattern\" contains no named matcher groups");
        }

        return names;
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
