using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;

namespace Flusio.Web.Shell;

/// <summary>Model binding's built-in messages, translated like every other string.</summary>
public static class ModelBindingMessages
{
    public static void Localize(DefaultModelBindingMessageProvider provider, IStringLocalizer localizer)
    {
        provider.SetAttemptedValueIsInvalidAccessor((value, field) => localizer["The value '{0}' is not valid for {1}.", value, field]);
        provider.SetMissingBindRequiredValueAccessor(field => localizer["A value for {0} was not provided.", field]);
        provider.SetMissingKeyOrValueAccessor(() => localizer["A value is required."]);
        provider.SetMissingRequestBodyRequiredValueAccessor(() => localizer["A non-empty request body is required."]);
        provider.SetNonPropertyAttemptedValueIsInvalidAccessor(value => localizer["The value '{0}' is not valid.", value]);
        provider.SetNonPropertyUnknownValueIsInvalidAccessor(() => localizer["The supplied value is invalid."]);
        provider.SetNonPropertyValueMustBeANumberAccessor(() => localizer["The field must be a number."]);
        provider.SetUnknownValueIsInvalidAccessor(field => localizer["The supplied value is invalid for {0}.", field]);
        provider.SetValueIsInvalidAccessor(value => localizer["The value '{0}' is invalid.", value]);
        provider.SetValueMustBeANumberAccessor(field => localizer["The field {0} must be a number.", field]);
        provider.SetValueMustNotBeNullAccessor(value => localizer["The value '{0}' is invalid.", value]);
    }
}
