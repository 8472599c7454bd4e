package io.memstream.enrichment.entities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.assertj.core.api.ListAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class EntityRecognizerTest {

    @Test
    void keepsMultiWordNamesWithInitialsParticlesAndConnectorsAsOneEntity() {
        assertEntities("J.K. Rowling is my favourite author.").containsExactly(tuple("J.K. Rowling", "PERSON"));
        assertEntities("We spent two weeks in Rio de Janeiro.").containsExactly(tuple("Rio de Janeiro", "PLACE"));
        assertEntities("I finally finished The Lord of the Rings.")
                .containsExactly(tuple("The Lord of the Rings", "WORK"));
        assertEntities("I'm reading Harry Potter and the Goblet of Fire.")
                .containsExactly(tuple("Harry Potter and the Goblet of Fire", "WORK"));
        assertEntities("I've been listening to Nils Frahm.").containsExactly(tuple("Nils Frahm", "PERSON"));
        assertEntities("I grew up in New York City.").containsExactly(tuple("New York City", "PLACE"));
        assertEntities("I see Dr. Patel every month.").containsExactly(tuple("Dr. Patel", "PERSON"));
        assertEntities("I moved to the U.S. for work.").containsExactly(tuple("U.S.", "PLACE"));
    }

    @Test
    void endsANameBeforeAHyphenatedLowerCaseSuffixAndAPossessive() {
        assertEntities("I joined a Rio de Janeiro-based startup.").containsExactly(tuple("Rio de Janeiro", "PLACE"));
        assertEntities("We went to Nate's party.").containsExactly(tuple("Nate", "PERSON"));
    }

    @Test
    void takesANameOpeningASentenceButNotAnOrdinaryCapitalisedWord() {
        assertEntities("Nate and I went hiking.").containsExactly(tuple("Nate", "PERSON"));
        assertEntities("Ana is my sister.").containsExactly(tuple("Ana", "PERSON"));
        assertEntities("Kwame and I met at work.").containsExactly(tuple("Kwame", "PERSON"));
        assertEntities("Yesterday was long.").isEmpty();
        assertEntities("Went to the gym.").isEmpty();
        assertEntities("Thanks, that helps.").isEmpty();
        assertEntities("Love the weather.").isEmpty();
        assertEntities("Honestly I love it.").isEmpty();
        assertEntities("Started a new job at Spotify.").containsExactly(tuple("Spotify", "ORGANIZATION"));
    }

    @Test
    void typesAnAddressedNameAsAPerson() {
        assertEntities("Hey Jolene, my dad passed away.").containsExactly(tuple("Jolene", "PERSON"));
        assertEntities("Thanks, Nate!").containsExactly(tuple("Nate", "PERSON"));
        assertEntities("Zephyrine, guess what, I passed.").containsExactly(tuple("Zephyrine", "PERSON"));
        assertEntities("Thank you so much, Quillon.").containsExactly(tuple("Quillon", "PERSON"));
    }

    @Test
    void typesNamesFromTheWordsAroundThem() {
        assertEntities("My sister Zorya lives here.").containsExactly(tuple("Zorya", "PERSON"));
        assertEntities("We adopted a cat named Luna.").containsExactly(tuple("Luna", "PET"));
        assertEntities("We named our puppy Biscuit.").containsExactly(tuple("Biscuit", "PET"));
        assertEntities("I watched Spirited Away.").containsExactly(tuple("Spirited Away", "WORK"));
        assertEntities("I read Sapiens by Yuval Noah Harari.")
                .containsExactly(tuple("Sapiens", "WORK"), tuple("Yuval Noah Harari", "PERSON"));
        assertEntities("My cousin works at Brightloom.").containsExactly(tuple("Brightloom", "ORGANIZATION"));
        assertEntities("I moved from Qarvesh to Ulmbridge.")
                .containsExactly(tuple("Qarvesh", "PLACE"), tuple("Ulmbridge", "PLACE"));
        assertEntities("I'm going to the Glastonbury festival.").containsExactly(tuple("Glastonbury", "EVENT"));
        assertEntities("She plays in a band called The Midnight Owls.")
                .containsExactly(tuple("The Midnight Owls", "ORGANIZATION"));
    }

    @Test
    void typesNamesFromTheGazetteersAndTheirShape() {
        assertEntities("Samantha loves Miami.").containsExactly(tuple("Samantha", "PERSON"), tuple("Miami", "PLACE"));
        assertEntities("I bought a new iPhone.").containsExactly(tuple("iPhone", "PRODUCT"));
        assertEntities("I drive a Tesla Model 3.").containsExactly(tuple("Tesla Model 3", "PRODUCT"));
        assertEntities("We celebrated Thanksgiving.").containsExactly(tuple("Thanksgiving", "EVENT"));
        assertEntities("I like Acme Corp and Elm Street and the Berlin Marathon.").containsExactly(
                tuple("Acme Corp", "ORGANIZATION"), tuple("Elm Street", "PLACE"), tuple("Berlin Marathon", "EVENT"));
        assertEntities("I love Python and Rust.").containsExactly(tuple("Python", "THING"), tuple("Rust", "THING"));
    }

    @Test
    void readsARelationWithAVerbOfItsOwnAfterACommaAsTheSubjectNotAnotherName() {
        assertThat(recognize("Tess, my grandma passed away on the 26th.").people()).containsExactly("Tess", "grandma");
        assertThat(recognize("I reread it by Humayun Ahmed, my father gave me his copy.").people())
                .containsExactly("Humayun Ahmed", "father");
        assertThat(recognize("I met Ana, my sister from Lyon, at the station.").people()).containsExactly("Ana (sister)");
    }

    @Test
    void typesASentenceOpeningNameByWhatItsSubjectDoes() {
        assertEntities("Osas went back to work at the bank.").containsExactly(tuple("Osas", "PERSON"));
        assertEntities("Eero is full time now.").containsExactly(tuple("Eero", "PERSON"));
        assertEntities("Zephyr came home late.").isEmpty();
        assertEntities("they're both fine, Ivie turned one and walks now.").containsExactly(tuple("Ivie", "PERSON"));
        assertEntities("yes Aino is still a nurse.").containsExactly(tuple("Aino", "PERSON"));
        assertEntities("we're having a girl and we're naming her Helena.").containsExactly(tuple("Helena", "PERSON"));
        assertEntities("Adopted a tiny tabby from the shelter, I named her Pesto.").containsExactly(tuple("Pesto", "PET"));
    }

    @Test
    void typesANameAfterAPlacePrepositionAsAPlaceWhateverFollows() {
        assertEntities("we play at the pitches in Surulere and I'm the oldest.")
                .containsExactly(tuple("Surulere", "PLACE"));
        assertEntities("a hotel in Uppsala wants our benches.").containsExactly(tuple("Uppsala", "PLACE"));
        assertEntities("I proposed to Leena at sunrise.").containsExactly(tuple("Leena", "PERSON"));
    }

    @Test
    void typesWhatABusinessIsCalledAsAnOrganisationAndBreedsAsPets() {
        assertEntities("I'm a designer at a small studio in Bryggen called Fjordlys.")
                .containsExactly(tuple("Bryggen", "PLACE"), tuple("Fjordlys", "ORGANIZATION"));
        assertEntities("a greyhound called Pipoca.").containsExactly(tuple("Pipoca", "PET"));
        assertEntities("a huge old rottweiler called Bamse.").containsExactly(tuple("Bamse", "PET"));
    }

    @Test
    void linksARelationToTheNameItIntroducesOrDescribes() {
        assertThat(recognize("My sister Ana lives in Porto.").people()).containsExactly("Ana (sister)");
        assertThat(recognize("Ana, my sister, lives in Porto.").people()).containsExactly("Ana (sister)");
        assertThat(recognize("My sister, Ana, lives in Porto.").people()).containsExactly("Ana (sister)");
        assertThat(recognize("Ana is my best friend.").people()).containsExactly("Ana (best friend)");
        assertThat(recognize("Uncle Jim taught me to fish.").people()).containsExactly("Jim (uncle)");
        assertThat(recognize("My dad's name is Peter.").people()).containsExactly("Peter (dad)");
    }

    @Test
    void linksARelationAcrossARelativeClauseAndKeepsAnAssistantOrHeadRole() {
        assertThat(recognize("Then Sintra, to see the old luthier who trained me, Dona Amelia.").people())
                .containsExactly("Dona Amelia");
        assertThat(recognize("Then Sintra, to see the old maestro who trained me, Dona Amelia.").people())
                .containsExactly("Dona Amelia (maestro)");
        assertThat(recognize("All thanks to my assistant coach P.K. Mensah.").people())
                .containsExactly("P.K. Mensah (assistant coach)");
        assertThat(recognize("Mam's coming for the long weekend.").people()).containsExactly("mam");
    }

    @Test
    void linksAnArticleRelationAfterACommaOnlyToAGivenName() {
        assertThat(recognize("I joined a pottery studio in Lavapiés, the teacher is strict.").people())
                .containsExactly("teacher");
        assertThat(recognize("I joined a pottery studio with Laura, the teacher from my old school.").people())
                .containsExactly("Laura (teacher)");
    }

    @Test
    void takesTheFirstItemOfAListForNoListener() {
        assertEntities("Carrots, leeks, rice and lentils are all I have.").doesNotContain(tuple("Carrots", "PERSON"));
        assertThat(recognize("Carrots, leeks, rice and lentils are all I have.").people()).isEmpty();
    }

    @Test
    void takesAnUnknownNameBeforeWhatHappensToPeopleForAPerson() {
        assertThat(recognize("It started when Oriel got sick.").people()).containsExactly("Oriel");
        assertThat(recognize("Also Tamsa won the science fair at her school.").people()).containsExactly("Tamsa");
        assertEntities("I draw a comic called Salt Harbour for a magazine.")
                .contains(tuple("Salt Harbour", "WORK"));
    }

    @Test
    void namesAPersonByRelationWhateverTheDeterminer() {
        assertThat(recognize("The physio said it's a sprain.").people()).containsExactly("physio");
        assertThat(recognize("His mother is diabetic.").people()).containsExactly("mother");
        assertThat(recognize("We took the kids to the zoo.").people()).containsExactly("kids");
        assertThat(recognize("Her grandparents live in Lyon.").people()).containsExactly("grandparents");
        assertThat(recognize("I started seeing a physiotherapist.").people()).containsExactly("physiotherapist");
        assertThat(recognize("Mamá cried and papá laughed.").people()).containsExactly("mamá", "papá");
    }

    @Test
    void linksARelationWithAnyDeterminerToItsName() {
        assertThat(recognize("We met his girlfriend Zuri.").people()).containsExactly("Zuri (girlfriend)");
        assertThat(recognize("My supervisor Dr. Okafor approved it.").people())
                .containsExactly("Dr. Okafor (supervisor)");
    }

    @Test
    void takesNeitherTheUsersOwnRoleNorAKindOfThingForAPerson() {
        assertThat(recognize("I'm a teacher now.").people()).isEmpty();
        assertThat(recognize("I work as a physiotherapist.").people()).isEmpty();
        assertThat(recognize("I wrote a children's book.").people()).isEmpty();
    }

    @Test
    void typesANameJoinedToAPersonByAndAsAPersonButNotOneInApposition() {
        assertEntities("Over the weekend Nate and Zuri visited.")
                .containsExactly(tuple("Nate", "PERSON"), tuple("Zuri", "PERSON"));
        assertThat(recognize("The new Nils Frahm, Spaces, is out.").people()).containsExactly("Nils Frahm");
    }

    @Test
    void takesANameOpeningASentenceBeforeAVerbOfPeople() {
        assertEntities("Zuri proposed last night.").containsExactly(tuple("Zuri", "PERSON"));
        assertEntities("Oyelaran is staying with us.").containsExactly(tuple("Oyelaran", "PERSON"));
        assertEntities("Her name is Oyelaran, she's a nurse.").containsExactly(tuple("Oyelaran", "PERSON"));
    }

    @Test
    void typesAPetNamedAfterItsKindAndATitleAfterItIsCalled() {
        assertEntities("We got a dog, a rescue named Mango.").containsExactly(tuple("Mango", "PET"));
        assertEntities("A corgi! His name is Waffle.").containsExactly(tuple("Waffle", "PET"));
        assertEntities("My novel is out, it's called Quiet Harbours.").containsExactly(tuple("Quiet Harbours", "WORK"));
        assertThat(recognize("My novel is out, it's called Quiet Harbours.").people()).isEmpty();
    }

    @Test
    void linksARelationToTheGivenNameItIsSaidToBe() {
        assertThat(recognize("My boss will be Renata Oliveira, we interned together.").people())
                .containsExactly("Renata Oliveira (boss)");
        assertThat(recognize("My dad is Irish.").people()).containsExactly("dad");
    }

    @Test
    void knowsStepFamilyFlatmatesAndGrandchildrenAsRelations() {
        assertThat(recognize("My stepmom Siobhan and my flatmate Aoife baked it with the grandkids.").people())
                .containsExactly("Siobhan (stepmom)", "Aoife (flatmate)", "grandkids");
    }

    @Test
    void takesNoPronounOpeningASentenceForAName() {
        assertThat(recognize("Everyone says that. My senior, Dr. Benali, is kind.").people())
                .containsExactly("Dr. Benali");
    }

    @Test
    void listsUnnamedRelationsAndOtherPeopleInTextOrderButNeitherTheUserNorPets() {
        assertThat(recognize("Hey Jolene, just wanted to tell you my dad passed away.").people())
                .containsExactly("Jolene", "dad");
        assertThat(recognize("My best friend and my ex-husband met Carlos.").people())
                .containsExactly("best friend", "ex-husband", "Carlos");
        assertThat(recognize("My mom and dad are visiting.").people()).containsExactly("mom", "dad");
        assertThat(recognize("My dog Max loves my father-in-law.").people()).containsExactly("father-in-law");
        assertThat(recognize("Hi, my name is Bob!").people()).isEmpty();
        assertThat(recognize("I'm Sarah, nice to meet you.").people()).isEmpty();
        assertEntities("Hi, my name is Bob!").containsExactly(tuple("Bob", "PERSON"));
    }

    @Test
    void keepsTheRelationWordsForTags() {
        assertThat(recognize("My sister Ana and my best friend live in Porto.").relations())
                .containsExactly("sister", "best friend");
    }

    @Test
    void leavesDatePhrasesToTheDatesAndAddsEmailsAndNumbers() {
        String text = "Since May I mail bob@example.com about my 2 kids.";
        Recognition recognition = EntityRecognizer.recognize(text, text,
                List.of(new TextSpan(0, 9, "Since May", EntityType.DATE)));

        assertThat(recognition.entities()).extracting(TextSpan::text, TextSpan::type).containsExactly(
                tuple("Since May", EntityType.DATE), tuple("bob@example.com", EntityType.EMAIL),
                tuple("2", EntityType.NUMBER));
    }

    @Test
    void writesEntitiesAsTheyAreWrittenAndEachOnce() {
        String content = "I met Nate\u2019s sister and then Nate again in Paris, Paris!";
        Recognition recognition = EntityRecognizer.recognize(content.replace('\u2019', '\''), content, List.of());

        assertThat(recognition.entities()).extracting(TextSpan::text).containsExactly("Nate", "Paris");
    }

    @Test
    void recognizesASentenceInUnderAMillisecondOfProcessorTimeOnAverage() {
        List<String> sentences = List.of("Hey Jolene, just wanted to tell you my dad passed away.",
                "I'm reading Harry Potter and the Goblet of Fire to my kids.", "My sister Samantha lives in Miami now.",
                "Went to the gym this morning.", "I work at Deutsche Bank in Frankfurt with my friend Ahmed.");
        for (int warmUp = 0; warmUp < 2_000; warmUp++) {
            sentences.forEach(EntityRecognizerTest::recognize);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int rounds = 2_000;
        long started = threads.getCurrentThreadCpuTime();
        for (int round = 0; round < rounds; round++) {
            sentences.forEach(EntityRecognizerTest::recognize);
        }
        double micros = (threads.getCurrentThreadCpuTime() - started) / 1_000.0 / (rounds * sentences.size());
        System.out.printf("Entities: %.1f microseconds of processor time per sentence%n", micros);

        assertThat(micros).isLessThan(1_000);
    }

    @Test
    void takesTheRelationOfSomeoneNamedOrOfARelationAsAPersonToo() {
        assertThat(recognize("Farhan's wife runs a wedding business.").people()).containsExactly("Farhan", "wife");
        assertThat(recognize("Kojo's best friend Esi is allergic to peanuts.").people())
                .containsExactly("Kojo", "Esi (best friend)");
        assertThat(recognize("me, Jonas and Lukas's girlfriend Mila went.").people())
                .containsExactly("Jonas", "Lukas", "Mila (girlfriend)");
        assertThat(recognize("My neighbour's kids scream every night.").people()).containsExactly("neighbour", "kids");
        assertThat(recognize("That's my brother.").people()).containsExactly("brother");
        assertThat(recognize("We went to Mother's Day brunch.").people()).isEmpty();
    }

    @Test
    void givesEachNameListedAfterAGroupTheGroupsRelation() {
        assertThat(recognize("My cousins Divya and Arun flew down.").people())
                .containsExactly("Divya (cousin)", "Arun (cousin)");
        assertThat(recognize("My kids Leo, Mia and Zorya love it.").people())
                .containsExactly("Leo (kid)", "Mia (kid)", "Zorya (kid)");
        assertThat(recognize("Noa lives with her husband and kids, Maya is the one in Berlin.").people())
                .containsExactly("Noa", "husband", "kids", "Maya");
        assertThat(recognize("My parents and Ana came.").people()).containsExactly("parents", "Ana");
    }

    @Test
    void linksARelationToTheNameTheClauseGivesIt() {
        assertThat(recognize("a gift for my coworker, her name is Mary Ann and she loves it").people())
                .containsExactly("Mary Ann (coworker)");
        assertThat(recognize("My manager is this guy called Sérgio, super chill.").people())
                .containsExactly("Sérgio (manager)");
        assertThat(recognize("My advisor will be Dr. Kim Min-ji.").people()).containsExactly("Dr. Kim Min-ji (advisor)");
        assertThat(recognize("Hye-jin and I joined a Seoul-based lab.").people()).containsExactly("Hye-jin");
        assertThat(recognize("Soyeon-ah, I just got back from Jeonju.").people()).containsExactly("Soyeon");
        assertThat(recognize("My work bestie J.R. is chipping in.").people()).containsExactly("J.R. (bestie)");
        assertThat(recognize("at our house in Kumasi, my husband Kofi will grill").people())
                .containsExactly("Kofi (husband)");
    }

    @Test
    void typesNamesOfWorksPlacesAndEmployersThatStartWithAGivenName() {
        assertEntities("I just ordered Rebecca by Daphne du Maurier.")
                .containsExactly(tuple("Rebecca", "WORK"), tuple("Daphne du Maurier", "PERSON"));
        assertEntities("My favorite show is Ted Lasso.").containsExactly(tuple("Ted Lasso", "WORK"));
        assertEntities("I work at Morgan Stanley.").containsExactly(tuple("Morgan Stanley", "ORGANIZATION"));
        assertEntities("I'm flying out of Charlotte tomorrow.").contains(tuple("Charlotte", "PLACE"));
        assertEntities("I commute on the Elizabeth line.").containsExactly(tuple("Elizabeth", "PLACE"));
        assertEntities("omg the Jolene vinyl is perfect").containsExactly(tuple("Jolene", "WORK"));
        assertEntities("I went with Ana by the lake.").containsExactly(tuple("Ana", "PERSON"));
        assertEntities("I'm planning a trip to Victoria and Vancouver Island.")
                .containsExactly(tuple("Victoria", "PLACE"), tuple("Vancouver Island", "PLACE"));
        assertThat(recognize("His parents flew in from Monterrey and his mom cried.").people())
                .containsExactly("parents", "mom");
        assertEntities("I'm halfway through Gone Girl and I love it.").containsExactly(tuple("Gone Girl", "WORK"));
        assertEntities("We're going to Coachella in April.").contains(tuple("Coachella", "EVENT"));
        assertEntities("T.J. from your lab?").containsExactly(tuple("T.J.", "PERSON"));
        assertEntities("Dinner is at 7 P.M. sharp.").doesNotContain(tuple("P.M.", "PERSON"));
    }

    private static Recognition recognize(String text) {
        return EntityRecognizer.recognize(text, text, List.of());
    }

    private static ListAssert<Tuple> assertEntities(String text) {
        return assertThat(recognize(text).entities().stream().map(span -> tuple(span.text(), span.type().name()))
                .toList());
    }
}
