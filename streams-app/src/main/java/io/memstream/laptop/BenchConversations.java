package io.memstream.laptop;

import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated chat for benchmarks: {@code sessions} sessions of about equal length over {@code users} users, user and
 * assistant turns alternating. Each user has a profile (home town, job, people, tastes) drawn from their number, and a
 * session draws its turns from it: the same facts come back in later sessions (the index reinforces them), mixed with
 * plans, small talk and questions the extractor leaves out. Each session ends with a SESSION_END record, as the demo
 * closes its sessions. Sessions overlap in time as live chat does, and the records come in timestamp order. A function
 * of the three counts only: every run gets the same records.
 */
final class BenchConversations {

    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    private static final String[] CITIES = {"Lisbon", "Lyon", "Utrecht", "Porto", "Bergen", "Graz", "Leeds", "Turin",
        "Malmo", "Ghent", "Cork", "Brno", "Bilbao", "Aarhus", "Tartu", "Split"};
    private static final String[] JOBS = {"nurse", "teacher", "software developer", "accountant", "architect",
        "chef", "pharmacist", "electrician", "translator", "lawyer", "graphic designer", "physiotherapist"};
    private static final String[] PEOPLE = {"Anna", "Erik", "Sofia", "Marco", "Lena", "Tomas", "Ines", "Pieter",
        "Chloe", "Jonas", "Maya", "Olaf", "Clara", "Hugo", "Nina", "Felix"};
    private static final String[] RELATIONS = {"sister", "brother", "wife", "husband", "colleague", "neighbour",
        "daughter", "son", "friend", "manager"};
    private static final String[] FOODS = {"sushi", "spicy curry", "goat cheese", "mushrooms", "oysters", "dark chocolate",
        "lentil soup", "fresh figs", "olives", "ramen"};
    private static final String[] HOBBIES = {"bouldering", "playing the cello", "trail running", "baking sourdough",
        "birdwatching", "chess", "woodworking", "learning Japanese", "swimming", "painting with watercolours"};
    private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    private static final String[] EVENTS = {"a dentist appointment", "a job interview", "a flight to " , "dinner with ",
        "a yoga class", "a parents' evening", "a doctor's appointment", "a team offsite"};
    private static final String[] SMALL_TALK = {"Thanks!", "Ok, got it.", "Hello there", "Great, thanks a lot.",
        "Hmm, let me think.", "Sounds good.", "Good morning!", "Cool."};
    private static final String[] QUESTIONS = {"Can you suggest a recipe for tonight?", "What is a good book about history?",
        "How do I fix a slow laptop?", "Could you summarise the news about trains?", "What should I pack for a weekend?",
        "Any tips for sleeping better?"};
    private static final String[] REPLIES = {"Sure, here are a few ideas you could try.", "Noted. Anything else I can help with?",
        "That sounds lovely. Let me know how it goes.", "Here is a short summary with three points.",
        "Good question; it depends on a few things.", "I have made a note of that."};

    private final int messages;
    private final int sessions;
    private final int users;

    BenchConversations(int messages, int sessions, int users) {
        if (messages < 1 || sessions < 1 || users < 1 || sessions > messages || users > sessions) {
            throw new IllegalArgumentException("need 1 <= users <= sessions <= messages, got messages=" + messages
                    + ", sessions=" + sessions + ", users=" + users);
        }
        this.messages = messages;
        this.sessions = sessions;
        this.users = users;
    }

    static String sessionId(int session) {
        return String.format("bench-session-%05d", session);
    }

    /** Every record, in timestamp order: a session's turns 40 s apart, then its end; a new session every 3 s. */
    List<ChatMessage> records() {
        List<ChatMessage> all = new ArrayList<>(messages + sessions);
        for (int s = 0; s < sessions; s++) {
            int length = messages / sessions + (s < messages % sessions ? 1 : 0);
            SplittableRandom random = new SplittableRandom(s * 7919L + 17);
            int user = s % users;
            Instant start = START.plusSeconds(3L * s);
            for (int m = 0; m < length; m++) {
                boolean fromUser = m % 2 == 0;
                all.add(ChatMessage.newBuilder()
                        .setMessageId(String.format("m%03d", m))
                        .setSessionId(sessionId(s))
                        .setUserId(String.format("bench-user-%04d", user))
                        .setRole(fromUser ? Role.USER : Role.ASSISTANT)
                        .setContent(fromUser ? userTurn(user, random) : pick(random, REPLIES))
                        .setTimestamp(start.plusSeconds(40L * m))
                        .setTimezone(user % 3 == 0 ? "America/New_York" : "Europe/Paris")
                        .setType(MessageType.MESSAGE)
                        .build());
            }
            all.add(ChatMessage.newBuilder(all.get(all.size() - 1))
                    .setMessageId("end")
                    .setRole(Role.SYSTEM)
                    .setContent("")
                    .setTimestamp(start.plusSeconds(40L * length))
                    .setType(MessageType.SESSION_END)
                    .build());
        }
        all.sort(Comparator.comparing(ChatMessage::getTimestamp).thenComparing(ChatMessage::getSessionId));
        return all;
    }

    /** A user's turn: one of their stable facts, a plan, or something nothing is remembered from. */
    private static String userTurn(int user, SplittableRandom random) {
        int kind = random.nextInt(10);
        return switch (kind) {
            case 0 -> "I live in " + of(CITIES, user) + " and I work as a " + of(JOBS, user / 3) + ".";
            case 1 -> "My " + of(RELATIONS, user) + " " + of(PEOPLE, user / 2) + " is coming to visit on "
                    + pick(random, DAYS) + ".";
            case 2 -> "I really love " + of(FOODS, user) + " but I can't stand " + of(FOODS, user + 3) + ".";
            case 3 -> "I have been " + of(HOBBIES, user) + " for " + (2 + user % 9) + " years now.";
            case 4 -> {
                String event = pick(random, EVENTS);
                String who = event.endsWith("to ") ? pick(random, CITIES) : event.endsWith("with ") ? pick(random, PEOPLE) : "";
                yield "I have " + event + who + " next " + pick(random, DAYS) + " at " + (8 + random.nextInt(10)) + ".";
            }
            case 5 -> "Remember that my " + of(RELATIONS, user + 1) + "'s birthday is on " + (1 + random.nextInt(28))
                    + " " + pick(random, new String[] {"May", "June", "July", "October", "November"}) + ".";
            case 6 -> "I'm thinking about moving to " + pick(random, CITIES) + " next year, maybe with "
                    + of(PEOPLE, user + 5) + ".";
            case 7 -> pick(random, QUESTIONS);
            default -> pick(random, SMALL_TALK);
        };
    }

    private static String of(String[] values, int index) {
        return values[Math.floorMod(index, values.length)];
    }

    private static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
