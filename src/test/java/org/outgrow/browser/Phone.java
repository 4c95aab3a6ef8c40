package org.outgrow.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The test's page is a phone: 390 × 844 CSS pixels, touch, and the page's viewport meta honoured. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Phone {

    int WIDTH = 390;
    int HEIGHT = 844;
}
