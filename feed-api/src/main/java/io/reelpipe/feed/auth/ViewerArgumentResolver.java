package io.reelpipe.feed.auth;

import io.reelpipe.feed.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives controllers their {@link Viewer}: a {@code Viewer} parameter requires a valid bearer token (401 without one),
 * an {@code Optional<Viewer>} parameter is empty for an anonymous request.
 */
@Component
final class ViewerArgumentResolver implements HandlerMethodArgumentResolver {

    private final BearerAuthentication authentication;

    ViewerArgumentResolver(BearerAuthentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.nestedIfOptional().getNestedParameterType() == Viewer.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        Optional<Viewer> viewer = authentication.viewer(request);
        if (parameter.isOptional()) {
            return viewer;
        }
        return viewer.orElseThrow(() -> ApiException.unauthorized("unauthenticated",
                "this endpoint needs 'Authorization: Bearer <token>'", false));
    }
}
