package app.cloak;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Module boundaries (Spring Modulith) plus a few architecture rules of our own. */
class ModularityTests {
    private static final ApplicationModules MODULES = ApplicationModules.of(CloakApplication.class);
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("app.cloak");
    private static final Pattern INTERNAL = Pattern.compile("^app\\.cloak\\.([a-z]+)\\.internal(\\..*)?$");

    @Test
    void modulesRespectTheirDeclaredDependencies() {
        MODULES.verify();
    }

    /** Another module never reaches into {@code internal}: not even through types Modulith lets pass. */
    @Test
    void noModuleUsesAnotherModulesInternals() {
        classes().that().resideInAPackage("app.cloak..")
                .should(new ArchCondition<>("not depend on another module's internal package") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        String own = moduleOf(origin.getPackageName());
                        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                            Matcher m = INTERNAL.matcher(d.getTargetClass().getPackageName());
                            if (m.matches() && !m.group(1).equals(own)) {
                                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                            }
                        }
                    }
                })
                .check(CLASSES);
    }

    @Test
    void controllersLiveInInternalWeb() {
        classes().that().areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
                .or().areAnnotatedWith(org.springframework.stereotype.Controller.class)
                .should().resideInAPackage("app.cloak.*.internal.web..")
                .andShould().notBePublic()
                .check(CLASSES);
    }

    @Test
    void platformAndSharedKnowNoBusinessModule() {
        noClasses().that().resideInAnyPackage("app.cloak.platform..", "app.cloak.shared..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "belong to a business module",
                        (JavaClass c) -> c.getPackageName().startsWith("app.cloak.")
                                && !c.getPackageName().startsWith("app.cloak.platform")
                                && !c.getPackageName().startsWith("app.cloak.shared")))
                .check(CLASSES);
    }

    @Test
    void sharedStaysFrameworkFree() {
        noClasses().that().resideInAPackage("app.cloak.shared..").and().doNotHaveSimpleName("package-info")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "tools.jackson..")
                .check(CLASSES);
    }

    private static String moduleOf(String packageName) {
        String rest = packageName.startsWith("app.cloak.") ? packageName.substring("app.cloak.".length()) : "";
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
