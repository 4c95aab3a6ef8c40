package org.outgrow.shared.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Every error ends here: a plain page with the status and a reference to quote, never a stack
 * trace, SQL or the data that was being handled. The log gets the exception's shape (types and
 * frames, not messages, which can carry values from the database).
 */
@Controller
class ErrorPageController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorPageController.class);

    @RequestMapping("/error")
    String error(HttpServletRequest request, HttpServletResponse response, Model model) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : 404; // /error opened directly: nothing here
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String reference = RequestIdFilter.of(request);
        if (failure instanceof Throwable throwable && status >= 500) {
            log.error("Request {} failed: {}", reference, SafeLog.describe(throwable));
        }
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("reference", reference);
        model.addAttribute("messageKey", switch (status) {
            case 400 -> "error.400";
            case 403 -> "error.403";
            case 404, 405 -> "error.404";
            case 429 -> "error.429";
            case 503 -> "error.503";
            default -> "error.500";
        });
        return "error";
    }
}
